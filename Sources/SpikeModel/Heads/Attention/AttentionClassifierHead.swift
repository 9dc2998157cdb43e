import Foundation
import SpikeCore
import SpikeReference

/// The int8 transformer block over the last K frames' features, and its float twin: the
/// default head (`__metadata__.head` `attention`, or no key in files from before the R-STDP
/// head). Trained with Adam; calibrated by activation ranges; quantized per output channel.
public enum AttentionClassifierHead: ClassifierHead {
  public typealias FloatModel = FloatAttentionModel
  public typealias QuantizedModel = QuantizedAttentionModel
  public typealias Trainer = AttentionTrainer
  public typealias Ranges = ActivationRanges

  public static let name = "attention"
  public static let title = "attention head"

  public static func footprint(_ p: PipelineConfig, _ c: AttentionConfig) -> NetworkFootprint {
    p.footprint(attention: c, classes: c.classes)
  }

  /// Every method applies.
  public static func refusal(of method: CalibrationMethod) -> String? { nil }

  /// Every activation's range over the last window of each clip.
  public static func calibrate(
    _ model: FloatClassifierModel<AttentionClassifierHead>, clips: ClipSet,
    method: CalibrationMethod, progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> (ranges: ActivationRanges, windows: Int) {
    var pipeline = try model.makePipeline()
    let windows = ClassifierTrainer.windows(
      clips, &pipeline, stage: "calibrate", progress: progress)
    return (AttentionCalibrator(method: method).calibrate(pipeline.head, windows: windows), windows.count)
  }

  /// Post-training quantization from the ranges (input scale 1: features are integer counts).
  public static func quantize(_ head: FloatAttentionModel, ranges: ActivationRanges)
    throws(QuantizationError) -> QuantizedAttentionModel
  {
    try AttentionQuantizer.quantize(
      config: head.config, parameters: head.parameters, ranges: ranges, inputScale: 1)
  }

  /// Said only when the activations are wider than int8, the default.
  public static func quantizationNote(_ head: QuantizedAttentionModel) -> String? {
    let bits = head.parameters.activations.bits
    return bits == 8 ? nil : "attention activations: \(bits)-bit in Int16, weights int8"
  }

  public static func activationBits(_ head: QuantizedAttentionModel) -> Int {
    head.parameters.activations.bits
  }

  /// Every activation's error on the first 300 windows (`QuantizationReport`).
  public static func errors(
    float: FloatAttentionModel, quantized: QuantizedAttentionModel, floatWindows: [[Int8]],
    integerWindows: [[Int8]]
  ) -> [(name: String, relativeError: Double)] {
    let report = QuantizationReport(
      float: float.makeHead(), quantized: quantized,
      windows: floatWindows.prefix(300).map { $0.map(Float.init) })
    return report.rows.map { ("head " + $0.name, $0.relativeError) }
  }
}
