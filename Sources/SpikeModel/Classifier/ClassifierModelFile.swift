import Foundation
import SpikeCore
import SpikeReference

/// The full classifier model file (docs/MODEL_FORMAT.md, "Classifier models"): the attention
/// head's tensors under their usual names plus the spiking front end (`snn.weight`,
/// `snn.theta`) and its configuration in `__metadata__.pipeline`.
public enum ClassifierModelFile {
  /// Value of `__metadata__.format`.
  public static let format = "spikecam.classifier"
  /// Metadata key of `OnDeviceAdaptation` (JSON), present once a model learned on a device.
  public static let adaptationKey = "adapted_on_device"

  /// A loaded model of either kind.
  public enum Model: Sendable {
    case float(FloatClassifierModel)
    case int8(QuantizedClassifierModel)
    /// The paper's R-STDP class-population head (`__metadata__.head` = `rstdp`).
    case populationFloat(FloatPopulationClassifierModel)
    case populationInt8(QuantizedPopulationClassifierModel)

    /// Class names.
    public var classNames: [String] {
      switch self {
      case .float(let m): return m.classNames
      case .int8(let m): return m.classNames
      case .populationFloat(let m): return m.classNames
      case .populationInt8(let m): return m.classNames
      }
    }

    /// Front end configuration.
    public var pipeline: PipelineConfig {
      switch self {
      case .float(let m): return m.pipeline
      case .int8(let m): return m.pipeline
      case .populationFloat(let m): return m.pipeline
      case .populationInt8(let m): return m.pipeline
      }
    }

    /// Board footprint.
    public var footprint: NetworkFootprint {
      switch self {
      case .float(let m): return m.footprint
      case .int8(let m): return m.footprint
      case .populationFloat(let m): return m.footprint
      case .populationInt8(let m): return m.footprint
      }
    }

    /// `__metadata__.head`: `attention` or `rstdp`.
    public var head: String {
      switch self {
      case .float, .int8: return "attention"
      case .populationFloat, .populationInt8: return PopulationModelFile.head
      }
    }

    /// Whether the weights are float (a `train` output) rather than integer.
    public var isFloat: Bool {
      switch self {
      case .float, .populationFloat: return true
      case .int8, .populationInt8: return false
      }
    }
  }

  /// Writes a float model atomically.
  public static func write(_ m: FloatClassifierModel, board: String, path: String)
    throws(ModelError)
  {
    var w = SafetensorsWriter()
    AttentionModelFile.addFloat(config: m.attention, parameters: m.head, to: &w)
    w.add("snn.weight", m.weights, shape: [m.weights.count])
    w.add("snn.theta", m.theta, shape: [m.theta.count])
    w.metadata = metadata(m.pipeline, m.attention, m.classNames, kind: "float", board: board)
    try w.write(path: path)
  }

  /// Writes an integer model atomically.
  public static func write(_ m: QuantizedClassifierModel, board: String, path: String)
    throws(ModelError)
  {
    var w = SafetensorsWriter()
    AttentionModelFile.addQuantized(m.head, to: &w)
    w.add("snn.weight", m.weights, shape: [m.weights.count])
    w.add("snn.theta", m.theta, shape: [m.theta.count])
    w.metadata = metadata(m.pipeline, m.head.config, m.classNames, kind: "int8", board: board)
    w.metadata["activations"] = "int8 symmetric per-tensor, zero point 0"
    w.metadata["softmax"] = "Q15"
    if let a = m.adaptation { w.metadata[adaptationKey] = json(a) }
    try w.write(path: path)
  }

  static func metadata(
    _ p: PipelineConfig, _ a: AttentionConfig, _ classes: [String], kind: String, board: String
  ) -> [String: String] {
    var m = AttentionModelFile.metadata(config: a, kind: kind, board: board)
    m["format"] = format
    m["head"] = "attention"
    m["pipeline"] = json(p)
    m["classes"] = json(classes)
    m["network"] = networkSummary(p)
    return m
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
    let object: [String: Any] = [
      "encoder": [
        "kind": p.encoder.name, "threshold": p.eventThreshold, "timesteps": p.timesteps,
        "delay_line": p.delayLine, "channels_per_pixel": p.channels,
      ] as [String: Any],
      "layers": [
        [
          "neurons": p.neurons, "columns": p.columns, "winners": p.winners,
          "lateral_inhibition": Int(d.layers[0].lateralInhibition),
          "threshold": Int(n.threshold), "current_decay": Int(n.currentDecay),
          "voltage_decay": Int(n.voltageDecay), "refractory_steps": Int(n.refractorySteps),
        ] as [String: Any]
      ],
      "projections": [
        [
          "source": "input", "target": 0, "scheme": "receptive_fields", "patch": p.patch,
          "stride": p.stride, "fan_in": p.patch * p.patch * p.channels, "plasticity": "stdp",
          "weight_exponent": Int(d.projections[0].weightExponent),
        ] as [String: Any]
      ],
      "features": [
        "pooled_event_counts": p.pooledCount, "spike_counts": p.neurons, "total": p.features,
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

  /// Checks and loads a parsed file.
  public static func read(_ file: SafetensorsFile) throws(ModelError) -> Model {
    func bad(_ field: String, _ reason: String) -> ModelError {
      ModelError(.badMetadata, file: file.file, field: "__metadata__.\(field)", reason)
    }
    guard isClassifier(file) else {
      throw bad(
        "format",
        "is '\(file.metadata["format"] ?? "missing")', expected '\(format)' (a full classifier; "
          + "train one with `spikecam train`)")
    }
    // Files written before the R-STDP head existed have no `head` key: they are attention.
    switch file.metadata["head"] ?? "attention" {
    case "attention": break
    case PopulationModelFile.head: return try PopulationModelFile.read(file)
    case let other:
      throw bad(
        "head",
        "is '\(other)'; this build reads 'attention' and '\(PopulationModelFile.head)' heads "
          + "(a newer spikecam may have written it)")
    }
    let (kind, attention) = try AttentionModelFile.header(file)
    let (pipeline, classes) = try ClassifierModelFile.frontEnd(
      file, tokens: attention.tokens, features: attention.features, classes: attention.classes)
    let synapses = pipeline.neurons * pipeline.patch * pipeline.patch * pipeline.channels
    if kind == "float" {
      let head = try AttentionModelFile.readFloat(file)
      return .float(
        FloatClassifierModel(
          pipeline: pipeline, attention: attention, head: head.parameters,
          weights: try file.floats("snn.weight", shape: [synapses]),
          theta: try file.floats("snn.theta", shape: [pipeline.neurons]), classNames: classes))
    }
    let head = try AttentionModelFile.readQuantized(file)
    let theta = try file.int32s("snn.theta", shape: [pipeline.neurons])
    guard theta.allSatisfy({ $0 >= 0 && $0 <= Widths.stateMax }) else {
      throw ModelError(.outOfRange, file: file.file, field: "snn.theta", "θ must be in 0...2^23−1")
    }
    var model = QuantizedClassifierModel(
      pipeline: pipeline, head: head, weights: try file.int8s("snn.weight", shape: [synapses]),
      theta: theta, classNames: classes)
    model.board = file.metadata["board"] ?? model.board
    if let text = file.metadata[adaptationKey] {
      guard let a = try? JSONDecoder().decode(OnDeviceAdaptation.self, from: Data(text.utf8)),
        a.framesLearned >= 0
      else { throw bad(adaptationKey, "is not a valid on-device adaptation record (JSON)") }
      model.adaptation = a
    }
    return .int8(model)
  }
}
