import Foundation
import SpikeSystem
import SpikeBoard
import SpikeCore
import SpikeReference

/// Float and int8 attention models as safetensors files (tensor names in docs/MODEL_FORMAT.md).
public enum AttentionModelFile {
  /// Value of `__metadata__.format`.
  public static let format = "spikecam.attention"
  /// Value of `__metadata__.format_version` this build writes: 2 adds the whole-file digest
  /// and the optional signature (`ModelIntegrity`); 3, written only by a head with activations
  /// wider than int8, adds `__metadata__.activation_bits` (so a build that cannot run them
  /// refuses the file instead of clamping them to int8).
  public static let formatVersion = "2"
  /// `format_version` of a model whose activations are wider than int8.
  public static let wideActivationsVersion = "3"
  /// Metadata key of the head's activation width, in bits (absent: 8).
  public static let activationBitsKey = "activation_bits"

  // MARK: writing

  /// Writes a float model (F32 tensors).
  public static func writeFloat(
    config: AttentionConfig, parameters: FloatAttentionParameters, board: String, path: String
  ) throws(ModelError) {
    var w = SafetensorsWriter()
    addFloat(config: config, parameters: parameters, to: &w)
    w.metadata = metadata(config: config, kind: "float", board: board)
    try w.write(path: path)
  }

  /// Adds the float head's tensors to `w` (shared with the full classifier file).
  static func addFloat(
    config: AttentionConfig, parameters: FloatAttentionParameters, to w: inout SafetensorsWriter
  ) {
    for t in AttentionTensor.allCases { w.add(t.name, parameters[t], shape: t.shape(config)) }
  }

  /// Writes an int8 model (I8/I16/I32 tensors, multipliers and scales).
  public static func writeQuantized(
    _ model: QuantizedAttentionModel, board: String, path: String
  ) throws(ModelError) {
    try SafetensorsWriter.write(quantizedImage(model, board: board), path: path)
  }

  /// The int8 model's file image.
  public static func quantizedImage(_ model: QuantizedAttentionModel, board: String) -> [UInt8] {
    var w = SafetensorsWriter()
    addQuantized(model, to: &w)
    w.metadata = metadata(config: model.config, kind: "int8", board: board)
    w.metadata.merge(numberFormats(model.parameters.activations)) { $1 }
    return w.bytes()
  }

  /// The int8 head's number-format keys: its activations (and, when wider than int8, their
  /// bits and the format version that carries them) and its softmax.
  static func numberFormats(_ activations: ActivationWidth) -> [String: String] {
    if activations == .int8 {
      return ["activations": "int8 symmetric per-tensor, zero point 0", "softmax": "Q15"]
    }
    return [
      "activations": "\(activations.bits)-bit symmetric per-tensor in int16, zero point 0",
      "softmax": "Q15", activationBitsKey: "\(activations.bits)",
      "format_version": wideActivationsVersion,
    ]
  }

  /// The activation width `__metadata__.activation_bits` names (absent: int8).
  static func activations(_ file: SafetensorsFile) throws(ModelError) -> ActivationWidth {
    guard let text = file.metadata[activationBitsKey] else { return .int8 }
    guard let width = ActivationWidth(named: text) else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.\(activationBitsKey)",
        "is '\(TerminalText.safe(text))', this build runs \(ActivationWidth.choices)")
    }
    return width
  }

  /// Adds the int8 head's tensors to `w` (shared with the full classifier file).
  static func addQuantized(_ model: QuantizedAttentionModel, to w: inout SafetensorsWriter) {
    let c = model.config
    let p = model.parameters
    for (name, layer) in zip(AttentionTensors8.linearNames, AttentionTensors8.layers(p)) {
      w.add("\(name).weight", layer.weights, shape: [layer.outFeatures, layer.inFeatures])
      w.add("\(name).bias", layer.bias, shape: [layer.outFeatures])
      w.add("\(name).multiplier", layer.multipliers.map(\.multiplier), shape: [layer.outFeatures])
      w.add("\(name).shift", layer.multipliers.map(\.shift), shape: [layer.outFeatures])
    }
    w.add("pos_embed", p.positional, shape: [c.tokens, c.width])
    for (name, norm) in [("norm1", p.norm1), ("norm2", p.norm2)] {
      w.add("\(name).weight", norm.gamma, shape: [c.width])
      w.add("\(name).bias", norm.beta, shape: [c.width])
      w.add("\(name).epsilon", [Int32(clamping: norm.epsilon)], shape: [1])
    }
    let scalars = AttentionTensors8.requants(p)
    w.add("requant.multiplier", scalars.map(\.multiplier), shape: [scalars.count])
    w.add("requant.shift", scalars.map(\.shift), shape: [scalars.count])
    var scales = [Float(model.inputScale)]
    scales += AttentionActivation.allCases.map { Float(model.scales[$0] ?? 0) }
    scales.append(Float(model.logitScale))
    w.add("scales", scales, shape: [scales.count])
  }

  static func metadata(config: AttentionConfig, kind: String, board: String) -> [String: String] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = (try? encoder.encode(config)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    return [
      "format": format, "format_version": formatVersion, "kind": kind, "config": json,
      "board": board,
    ]
  }

  // MARK: reading

  /// Format versions this build reads: 1 (before the whole-file digest), 2 and 3.
  public static let readableVersions = ["1", "2", "3"]

  /// Refuses a format version this build does not know.
  static func checkVersion(_ file: SafetensorsFile) throws(ModelError) {
    guard let version = file.metadata["format_version"], readableVersions.contains(version) else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.format_version",
        "is '\(TerminalText.safe(file.metadata["format_version"] ?? "missing"))', this build reads "
          + readableVersions.map { "'\($0)'" }.joined(separator: ", "))
    }
  }

  /// The model kind (`float` or `int8`) and config of a validated file.
  public static func header(
    _ file: SafetensorsFile
  ) throws(ModelError) -> (kind: String, config: AttentionConfig) {
    func bad(_ field: String, _ reason: String) -> ModelError {
      ModelError(.badMetadata, file: file.file, field: "__metadata__.\(field)", reason)
    }
    guard file.metadata["format"] == format || file.metadata["format"] == ClassifierModelFile.format
    else {
      throw bad(
        "format",
        "is '\(file.metadata["format"] ?? "missing")', expected '\(format)' or "
          + "'\(ClassifierModelFile.format)'")
    }
    try checkVersion(file)
    guard file.hasChecksum else {
      throw bad("crc32", "missing: re-export the model so its tensor bytes can be verified")
    }
    guard let kind = file.metadata["kind"], kind == "float" || kind == "int8" else {
      throw bad("kind", "must be 'float' or 'int8'")
    }
    guard let text = file.metadata["config"],
      let config = try? JSONDecoder().decode(AttentionConfig.self, from: Data(text.utf8))
    else {
      throw bad("config", "missing or not a valid attention config JSON")
    }
    if let problem = config.problem() {
      throw ModelError(.badConfig, file: file.file, field: "__metadata__.config", problem)
    }
    return (kind, config)
  }

  /// Reads a float model.
  public static func readFloat(
    _ file: SafetensorsFile
  ) throws(ModelError) -> (config: AttentionConfig, parameters: FloatAttentionParameters) {
    let (kind, config) = try header(file)
    guard kind == "float" else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.kind", "is '\(kind)', expected 'float'")
    }
    var p = FloatAttentionParameters(zerosFor: config)
    for t in AttentionTensor.allCases { p[t] = try file.floats(t.name, shape: t.shape(config)) }
    return (config, p)
  }

  /// Reads an int8 model, checking every multiplier's range before building kernels.
  public static func readQuantized(_ file: SafetensorsFile) throws(ModelError)
    -> QuantizedAttentionModel
  {
    let (kind, c) = try header(file)
    guard kind == "int8" else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.kind", "is '\(kind)', expected 'int8'")
    }
    let activations = try activations(file)
    if let problem = c.problem(activations: activations) {
      throw ModelError(.badConfig, file: file.file, field: "__metadata__.config", problem)
    }
    let parameters: AttentionParameters8
    do throws(SafetensorsProblem) {
      parameters = try AttentionTensors8.read(file.layout, file.storage.bytes, c, activations)
    } catch {
      throw ModelError(error, file: file.file)
    }
    let scales = try file.floats("scales", shape: [AttentionActivation.allCases.count + 2])
    guard scales.allSatisfy({ $0.isFinite && $0 > 0 }) else {
      throw ModelError(
        .outOfRange, file: file.file, field: "scales", "every scale must be positive")
    }
    var named: [AttentionActivation: Double] = [:]
    for (i, a) in AttentionActivation.allCases.enumerated() { named[a] = Double(scales[i + 1]) }
    return QuantizedAttentionModel(
      config: c, parameters: parameters, inputScale: Double(scales[0]), scales: named,
      logitScale: Double(scales[scales.count - 1]))
  }
}
