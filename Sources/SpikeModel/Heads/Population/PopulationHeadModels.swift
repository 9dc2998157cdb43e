// Not on the integer path. `QuantizedPopulationHeadModel.scale` is kept for reporting and
// dequantizing (`inspect`, the model file's `rstdp.scale`); inference (`makeHead`, SpikeCore)
// never reads it and has no floating point.

import Foundation
import SpikeCore
import SpikeReference

/// The float R-STDP head of a classifier: its sizes, weights, thresholds and inhibition
/// (`rstdp.*` tensors, docs/MODEL_FORMAT.md).
public struct FloatPopulationHeadModel: Sendable, Equatable {
  /// Sizes.
  public var config: PopulationHeadConfig
  /// Weights, thresholds and inhibition.
  public var parameters: FloatPopulationHeadParameters
}

/// The integer R-STDP head: Int8 weights with one per-tensor scale, integer thresholds,
/// inhibition and state shift.
public struct QuantizedPopulationHeadModel: Sendable, Equatable {
  /// Sizes.
  public var config: PopulationHeadConfig
  /// Weights, thresholds, inhibition and shift.
  public var parameters: PopulationHeadParameters8
  /// Real value of one weight unit (per tensor): float weight ≈ scale · int8 weight.
  public var scale: Float
}

extension FloatPopulationHeadModel: HeadModel {
  public func makeHead() throws(ConfigError) -> FloatPopulationHead {
    try FloatPopulationHead(config: config, parameters: parameters)
  }

  public func write(to w: inout SafetensorsWriter) {
    parameters.write(prefix: "rstdp.", config, to: &w)
  }

  public static func read(_ file: SafetensorsFile) throws(ModelError) -> FloatPopulationHeadModel {
    let c = try PopulationHeadConfig.read(file)
    return FloatPopulationHeadModel(
      config: c, parameters: try FloatPopulationHeadParameters.read(file, prefix: "rstdp.", c))
  }
}

extension QuantizedPopulationHeadModel: HeadModel {
  public func makeHead() throws(ConfigError) -> PopulationHead {
    try PopulationHead(config: config, parameters: parameters)
  }

  public func write(to w: inout SafetensorsWriter) {
    let c = config
    let p = parameters
    w.add("rstdp.weight", p.weights, shape: [c.neurons, c.features])
    w.add("rstdp.threshold", p.thresholds, shape: [c.neurons])
    w.add("rstdp.inhibition", [p.inhibition, p.selfInhibition], shape: [2])
    w.add("rstdp.state_shift", [Int32(p.stateShift)], shape: [1])
    w.add("rstdp.scale", [scale], shape: [1])
    w.metadata["weights"] = "int8 symmetric, one per-tensor scale (rstdp.scale)"
  }

  public static func read(_ file: SafetensorsFile) throws(ModelError)
    -> QuantizedPopulationHeadModel
  {
    let c = try PopulationHeadConfig.read(file)
    let inhibition = try file.int32s("rstdp.inhibition", shape: [2])
    let p = PopulationHeadParameters8(
      weights: try file.int8s("rstdp.weight", shape: [c.neurons, c.features]),
      thresholds: try file.int32s("rstdp.threshold", shape: [c.neurons]),
      inhibition: inhibition[0], selfInhibition: inhibition[1],
      stateShift: Int(try file.int32s("rstdp.state_shift", shape: [1])[0]))
    if let problem = p.problem(for: c) {
      throw ModelError(.outOfRange, file: file.file, field: "rstdp", problem)
    }
    return QuantizedPopulationHeadModel(
      config: c, parameters: p, scale: try file.floats("rstdp.scale", shape: [1])[0])
  }
}

extension FloatPopulationHeadParameters {
  /// Adds `<prefix>weight`, `<prefix>threshold` and `<prefix>inhibition` (a model file's
  /// `rstdp.`, a checkpoint's best head `best.`).
  func write(prefix: String, _ c: PopulationHeadConfig, to w: inout SafetensorsWriter) {
    w.add(prefix + "weight", weights, shape: [c.neurons, c.features])
    w.add(prefix + "threshold", thresholds, shape: [c.neurons])
    w.add(prefix + "inhibition", [inhibition, selfInhibition], shape: [2])
  }

  /// Reads what `write(prefix:)` wrote, checking it fits `c`.
  static func read(_ file: SafetensorsFile, prefix: String, _ c: PopulationHeadConfig)
    throws(ModelError) -> FloatPopulationHeadParameters
  {
    let inhibition = try file.floats(prefix + "inhibition", shape: [2])
    let p = FloatPopulationHeadParameters(
      weights: try file.floats(prefix + "weight", shape: [c.neurons, c.features]),
      thresholds: try file.floats(prefix + "threshold", shape: [c.neurons]),
      inhibition: inhibition[0], selfInhibition: inhibition[1])
    if let problem = p.problem(for: c) {
      throw ModelError(.outOfRange, file: file.file, field: "rstdp", problem)
    }
    return p
  }
}

extension PopulationHeadConfig: HeadConfig {
  public var summary: String {
    "K=\(tokens) F=\(features) classes=\(classes) per_class=\(perClass) substeps=\(substeps) "
      + "dI=\(currentDecay) dV=\(voltageDecay)"
  }

  public var summaryJSON: [String: Int] {
    [
      "tokens": tokens, "features": features, "classes": classes, "per_class": perClass,
      "substeps": substeps, "current_decay": currentDecay, "voltage_decay": voltageDecay,
    ]
  }

  /// The sizes in a classifier file's `__metadata__.config`, checked.
  static func read(_ file: SafetensorsFile) throws(ModelError) -> PopulationHeadConfig {
    try ClassifierModelFile.decode(PopulationHeadConfig.self, "config", of: file) {
      (c) throws(ConfigError) in try c.validate()
    }
  }
}
