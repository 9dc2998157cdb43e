import Foundation
import SpikeCore
import SpikeReference

/// The full classifier model file (docs/MODEL_FORMAT.md, "Classifier models"): the head's
/// tensors (each head names its own, `ClassifierHead`), the spiking front end's (`snn.weight`,
/// `snn.theta`), and metadata naming the head (`head`) with its sizes (`config`) beside the
/// front end's configuration (`pipeline`) and the class names.
public enum ClassifierModelFile {
  /// Value of `__metadata__.format`.
  public static let format = "spikecam.classifier"
  /// Metadata key of `OnDeviceAdaptation` (JSON), present once a model learned on a device.
  public static let adaptationKey = "adapted_on_device"

  /// A loaded model, float or integer, of any head.
  public enum Model: Sendable {
    /// What `spikecam train` writes.
    case float(any AnyFloatClassifierModel)
    /// What `spikecam quantize` writes.
    case int8(any AnyQuantizedClassifierModel)

    /// The model, whatever its kind.
    public var model: any AnyClassifierModel {
      switch self {
      case .float(let m): return m
      case .int8(let m): return m
      }
    }

    /// Class names.
    public var classNames: [String] { model.classNames }
    /// Front end configuration.
    public var pipeline: PipelineConfig { model.pipeline }
    /// Board footprint.
    public var footprint: NetworkFootprint { model.footprint }
    /// `__metadata__.head`.
    public var head: String { model.headName }

    /// Whether the weights are float (a `train` output) rather than integer.
    public var isFloat: Bool {
      if case .float = self { return true }
      return false
    }
  }

  /// The metadata every classifier file has, whatever its head (the head adds its own keys).
  static func metadata<C: HeadConfig>(
    _ p: PipelineConfig, head: String, config: C, classes: [String], kind: String, board: String
  ) -> [String: String] {
    [
      "format": format, "format_version": AttentionModelFile.formatVersion, "kind": kind,
      "head": head, "config": json(config), "board": board, "pipeline": json(p),
      "classes": json(classes), "network": networkSummary(p),
    ]
  }

  static func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  /// A readable account of the network the pipeline config builds (for people and other tools;
  /// the reader rebuilds the network from `pipeline`).
  static func networkSummary(_ p: PipelineConfig) -> String {
    let d = p.network(learning: false)
    let n = d.layers[0].neuron
    var layer: [String: Any] = [
      "neurons": p.neurons, "columns": p.columns, "winners": p.winners,
      "lateral_inhibition": Int(d.layers[0].lateralInhibition),
      "threshold": Int(n.threshold), "current_decay": Int(n.currentDecay),
      "voltage_decay": Int(n.voltageDecay), "refractory_steps": Int(n.refractorySteps),
    ]
    var projection: [String: Any] = [
      "source": "input", "target": 0, "scheme": "receptive_fields", "patch": p.patch,
      "stride": p.stride, "fan_in": p.patch * p.patch * p.channels, "plasticity": "stdp",
      "weight_exponent": Int(d.projections[0].weightExponent),
    ]
    // The paper's options appear only when chosen, so today's files keep their bytes.
    if p.layer.model != .lif { layer["neuron_model"] = p.layer.model.name }
    if let h = d.layers[0].homeostasis {
      layer["homeostasis"] = ["window": h.window, "target": Int(h.target), "gain": Int(h.gain)]
    }
    if let c = p.layer.connection, c != .fields {
      projection["scheme"] = c.name
      projection["fan_in"] = d.projections[0].scheme.fanIn(preCount: p.layerInputs)
    }
    if p.layer.kernel != .exponential { projection["stdp_kernel"] = p.layer.kernel.name }
    var encoder: [String: Any] = [
      "kind": p.encoder.name, "threshold": p.eventThreshold, "timesteps": p.timesteps,
      "delay_line": p.delayLine, "channels_per_pixel": p.channels,
    ]
    // Written only for a longer delay line, so files with one frame keep their bytes.
    if p.delays > 1 { encoder["delay_frames"] = p.delays }
    let object: [String: Any] = [
      "encoder": encoder,
      "layers": [layer],
      "projections": [projection],
      "features": [
        "pooled_event_counts": p.pooledFeatures, "spike_counts": p.spikeFeatures,
        "total": p.features,
      ],
    ]
    let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  /// Whether a parsed file claims to be a classifier model.
  public static func isClassifier(_ file: SafetensorsFile) -> Bool {
    file.metadata["format"] == format
  }

  /// Reads and checks a model file (checksum, metadata, every tensor's dtype and shape).
  public static func read(path: String) throws(ModelError) -> Model {
    try read(SafetensorsFile.read(path: path))
  }

  /// Checks and loads a parsed file: the head named by `__metadata__.head` reads it.
  public static func read(_ file: SafetensorsFile) throws(ModelError) -> Model {
    guard isClassifier(file) else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.format",
        "is '\(file.metadata["format"] ?? "missing")', expected '\(format)' (a full classifier; "
          + "train one with `spikecam train`)")
    }
    // Files written before the R-STDP head existed have no `head` key: they are attention.
    let name = file.metadata["head"] ?? AttentionClassifierHead.name
    guard let head = ClassifierHeads.named(name) else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.head",
        "is '\(name)'; this build reads \(ClassifierHeads.list(quoted: true, last: "and")) heads "
          + "(a newer spikecam may have written it)")
    }
    return try head.readModel(file)
  }

  /// The checks every classifier file passes before its head reads it: the format version, a
  /// checksum to verify, and the kind, which it returns (`float` or `int8`).
  static func kind(_ file: SafetensorsFile) throws(ModelError) -> String {
    func bad(_ field: String, _ reason: String) -> ModelError {
      ModelError(.badMetadata, file: file.file, field: "__metadata__.\(field)", reason)
    }
    try AttentionModelFile.checkVersion(file)
    guard file.hasChecksum else {
      throw bad("crc32", "missing: re-export the model so its tensor bytes can be verified")
    }
    guard let kind = file.metadata["kind"], kind == "float" || kind == "int8" else {
      throw bad("kind", "must be 'float' or 'int8'")
    }
    return kind
  }
}

extension ClassifierHead {
  /// Reads a classifier file whose head is this one.
  static func readModel(_ file: SafetensorsFile) throws(ModelError) -> ClassifierModelFile.Model {
    if try ClassifierModelFile.kind(file) == "float" {
      let head = try FloatModel.read(file)
      return .float(
        FloatClassifierModel<Self>(
          frontEnd: try FloatFrontEnd.read(
            file, tokens: head.config.tokens, features: head.config.features),
          head: head,
          classNames: try ClassifierModelFile.classNames(file, classes: head.config.classes)))
    }
    let head = try QuantizedModel.read(file)
    var model = QuantizedClassifierModel<Self>(
      frontEnd: try QuantizedFrontEnd.read(
        file, tokens: head.config.tokens, features: head.config.features),
      head: head, classNames: try ClassifierModelFile.classNames(file, classes: head.config.classes))
    model.board = file.metadata["board"] ?? model.board
    if file.metadata[ClassifierModelFile.adaptationKey] != nil {
      model.adaptation = try ClassifierModelFile.decode(
        OnDeviceAdaptation.self, ClassifierModelFile.adaptationKey, of: file
      ) { (a) throws(ConfigError) in
        try ConfigError.check("framesLearned", a.framesLearned, 0, Int.max)
      }
    }
    return .int8(model)
  }
}
