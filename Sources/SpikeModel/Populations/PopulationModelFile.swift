import Foundation
import SpikeCore
import SpikeReference

/// Classifier files whose head is the paper's R-STDP class populations
/// (docs/MODEL_FORMAT.md, "R-STDP head"): `__metadata__.format` is `spikecam.classifier` as for
/// the attention head, `head` is `rstdp`, `config` holds the `PopulationHeadConfig`, and the
/// head's tensors are `rstdp.*` beside the front end's `snn.weight`/`snn.theta`.
public enum PopulationModelFile {
  /// Value of `__metadata__.head`.
  public static let head = "rstdp"

  /// Writes a float model atomically.
  public static func write(_ m: FloatPopulationClassifierModel, board: String, path: String)
    throws(ModelError)
  {
    var w = SafetensorsWriter()
    let c = m.config
    w.add("rstdp.weight", m.head.weights, shape: [c.neurons, c.features])
    w.add("rstdp.threshold", m.head.thresholds, shape: [c.neurons])
    w.add("rstdp.inhibition", [m.head.inhibition, m.head.selfInhibition], shape: [2])
    w.add("snn.weight", m.weights, shape: [m.weights.count])
    w.add("snn.theta", m.theta, shape: [m.theta.count])
    w.metadata = metadata(m.pipeline, c, m.classNames, kind: "float", board: board)
    try w.write(path: path)
  }

  /// Writes an integer model atomically.
  public static func write(_ m: QuantizedPopulationClassifierModel, board: String, path: String)
    throws(ModelError)
  {
    var w = SafetensorsWriter()
    let c = m.config
    w.add("rstdp.weight", m.head.weights, shape: [c.neurons, c.features])
    w.add("rstdp.threshold", m.head.thresholds, shape: [c.neurons])
    w.add("rstdp.inhibition", [m.head.inhibition, m.head.selfInhibition], shape: [2])
    w.add("rstdp.state_shift", [Int32(m.head.stateShift)], shape: [1])
    w.add("rstdp.scale", [m.scale], shape: [1])
    w.add("snn.weight", m.weights, shape: [m.weights.count])
    w.add("snn.theta", m.theta, shape: [m.theta.count])
    w.metadata = metadata(m.pipeline, c, m.classNames, kind: "int8", board: board)
    w.metadata["weights"] = "int8 symmetric, one per-tensor scale (rstdp.scale)"
    try w.write(path: path)
  }

  static func metadata(
    _ p: PipelineConfig, _ c: PopulationHeadConfig, _ classes: [String], kind: String,
    board: String
  ) -> [String: String] {
    [
      "format": ClassifierModelFile.format, "format_version": AttentionModelFile.formatVersion,
      "kind": kind, "head": head, "config": ClassifierModelFile.json(c), "board": board,
      "pipeline": ClassifierModelFile.json(p), "classes": ClassifierModelFile.json(classes),
      "network": ClassifierModelFile.networkSummary(p),
    ]
  }

  /// The kind and head config of a classifier file whose `head` is `rstdp`.
  public static func header(_ file: SafetensorsFile) throws(ModelError)
    -> (kind: String, config: PopulationHeadConfig)
  {
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
    guard let text = file.metadata["config"],
      let config = try? JSONDecoder().decode(PopulationHeadConfig.self, from: Data(text.utf8))
    else { throw bad("config", "missing or not a valid R-STDP head config JSON") }
    do throws(ConfigError) {
      try config.validate()
    } catch {
      throw ModelError(.badConfig, file: file.file, field: "__metadata__.config", "\(error)")
    }
    return (kind, config)
  }

  /// Checks and loads a classifier file whose `head` is `rstdp`.
  public static func read(_ file: SafetensorsFile) throws(ModelError) -> ClassifierModelFile.Model {
    func bad(_ field: String, _ reason: String) -> ModelError {
      ModelError(.badMetadata, file: file.file, field: "__metadata__.\(field)", reason)
    }
    let (kind, c) = try header(file)
    let (pipeline, classes) = try ClassifierModelFile.frontEnd(
      file, tokens: c.tokens, features: c.features, classes: c.classes)
    let synapses = pipeline.neurons * pipeline.patch * pipeline.patch * pipeline.channels
    let shape = [c.neurons, c.features]
    if kind == "float" {
      let inhibition = try file.floats("rstdp.inhibition", shape: [2])
      let head = FloatPopulationHeadParameters(
        weights: try file.floats("rstdp.weight", shape: shape),
        thresholds: try file.floats("rstdp.threshold", shape: [c.neurons]),
        inhibition: inhibition[0], selfInhibition: inhibition[1])
      if let problem = head.problem(for: c) {
        throw ModelError(.outOfRange, file: file.file, field: "rstdp", problem)
      }
      return .populationFloat(
        FloatPopulationClassifierModel(
          pipeline: pipeline, config: c, head: head,
          weights: try file.floats("snn.weight", shape: [synapses]),
          theta: try file.floats("snn.theta", shape: [pipeline.neurons]), classNames: classes))
    }
    let inhibition = try file.int32s("rstdp.inhibition", shape: [2])
    let head = PopulationHeadParameters8(
      weights: try file.int8s("rstdp.weight", shape: shape),
      thresholds: try file.int32s("rstdp.threshold", shape: [c.neurons]),
      inhibition: inhibition[0], selfInhibition: inhibition[1],
      stateShift: Int(try file.int32s("rstdp.state_shift", shape: [1])[0]))
    if let problem = head.problem(for: c) {
      throw ModelError(.outOfRange, file: file.file, field: "rstdp", problem)
    }
    let scale = try file.floats("rstdp.scale", shape: [1])[0]
    let theta = try file.int32s("snn.theta", shape: [pipeline.neurons])
    guard theta.allSatisfy({ $0 >= 0 && $0 <= Widths.stateMax }) else {
      throw ModelError(.outOfRange, file: file.file, field: "snn.theta", "θ must be in 0...2^23−1")
    }
    return .populationInt8(
      QuantizedPopulationClassifierModel(
        pipeline: pipeline, config: c, head: head, scale: scale,
        weights: try file.int8s("snn.weight", shape: [synapses]), theta: theta,
        classNames: classes))
  }
}
