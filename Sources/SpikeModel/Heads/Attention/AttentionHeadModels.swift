import Foundation
import SpikeCore
import SpikeReference

/// The float attention head of a classifier: its sizes and trained tensors.
public struct FloatAttentionModel: Sendable, Equatable {
  /// Sizes.
  public var config: AttentionConfig
  /// Trained tensors.
  public var parameters: FloatAttentionParameters
}

extension FloatAttentionModel: HeadModel {
  public func makeHead() -> FloatAttentionHead {
    FloatAttentionHead(config: config, parameters: parameters)
  }

  /// The usual tensor names of an attention model (docs/MODEL_FORMAT.md).
  public func write(to w: inout SafetensorsWriter) {
    AttentionModelFile.addFloat(config: config, parameters: parameters, to: &w)
  }

  public static func read(_ file: SafetensorsFile) throws(ModelError) -> FloatAttentionModel {
    let (config, parameters) = try AttentionModelFile.readFloat(file)
    return FloatAttentionModel(config: config, parameters: parameters)
  }
}

extension QuantizedAttentionModel: HeadModel {
  /// The usual tensor names of an int8 attention model, and its number formats.
  public func write(to w: inout SafetensorsWriter) {
    AttentionModelFile.addQuantized(self, to: &w)
    w.metadata.merge(AttentionModelFile.numberFormats(parameters.activations)) { $1 }
  }

  public static func read(_ file: SafetensorsFile) throws(ModelError) -> QuantizedAttentionModel {
    try AttentionModelFile.readQuantized(file)
  }
}

extension AttentionConfig: HeadConfig {
  public var summary: String {
    "K=\(tokens) F=\(features) d=\(width) heads=\(heads) hidden=\(hidden) classes=\(classes)"
  }

  public var summaryJSON: [String: Int] {
    [
      "tokens": tokens, "features": features, "width": width, "heads": heads, "hidden": hidden,
      "classes": classes,
    ]
  }
}
