import SpikeCore
import SpikeReference


/// The number types of one twin of the column head and the head it runs.
public protocol ColumnTwin: Sendable {
  /// Weight type (`Int8`, or real in the float twin).
  associatedtype Weight: TensorElement
  /// θ type (`Int32` state units, or real).
  associatedtype Threshold: TensorElement
  /// The head that runs.
  associatedtype Runtime: WindowHead
  /// The head with these weights (per projection, stored order) and θ (per layer).
  static func makeHead(_ config: ColumnHeadConfig, weights: [[Weight]], theta: [[Threshold]])
    throws(ConfigError) -> Runtime
  /// Reads weight tensor `name` of `count` values, checking its values.
  static func read(_ name: String, count: Int, from file: SafetensorsFile)
    throws(ModelError) -> [Weight]
  /// Reads θ tensor `name` of `count` values, checking its values.
  static func readTheta(_ name: String, count: Int, from file: SafetensorsFile)
    throws(ModelError) -> [Threshold]
  /// The model of what `head` holds now: its sizes, weights and θ.
  static func model(of head: Runtime) -> ColumnHeadModel<Self>
}

/// The float twin: real weights and θ on the integer grid.
public enum FloatColumn: ColumnTwin {
  public static func makeHead(_ c: ColumnHeadConfig, weights: [[Float]], theta: [[Float]])
    throws(ConfigError) -> FloatColumnHead
  {
    try FloatColumnHead(config: c, weights: weights, theta: theta)
  }
  public static func model(of head: FloatColumnHead) -> ColumnHeadModel<FloatColumn> {
    ColumnHeadModel(head.column)
  }
  public static func read(_ name: String, count: Int, from file: SafetensorsFile)
    throws(ModelError) -> [Float]
  {
    let values = try file.floats(name, shape: [count])
    if let bad = values.first(where: { !$0.isFinite }) {
      throw ModelError(.outOfRange, file: file.file, field: name, "holds \(bad)")
    }
    return values
  }
  public static func readTheta(_ name: String, count: Int, from file: SafetensorsFile)
    throws(ModelError) -> [Float]
  {
    try read(name, count: count, from: file)
  }
}

/// The integer twin: Int8 weights and θ in 24-bit state units.
public enum IntegerColumn: ColumnTwin {
  public static func makeHead(_ c: ColumnHeadConfig, weights: [[Int8]], theta: [[Int32]])
    throws(ConfigError) -> ColumnHead
  {
    try ColumnHead(config: c, weights: weights, theta: theta)
  }
  public static func model(of head: ColumnHead) -> ColumnHeadModel<IntegerColumn> {
    ColumnHeadModel(head.column)
  }
  public static func read(_ name: String, count: Int, from file: SafetensorsFile)
    throws(ModelError) -> [Int8]
  {
    try file.int8s(name, shape: [count])
  }
  public static func readTheta(_ name: String, count: Int, from file: SafetensorsFile)
    throws(ModelError) -> [Int32]
  {
    let values = try file.int32s(name, shape: [count])
    if let bad = values.first(where: { abs(Int64($0)) > Int64(Widths.stateMax) }) {
      throw ModelError(.outOfRange, file: file.file, field: name, "θ \(bad) is outside ±2²³")
    }
    return values
  }
}

/// The paper's column head as a model file holds it, in either twin: its sizes, the stored
/// weights of its two projections (features → hidden, hidden → populations) and θ of its two
/// layers (`column.*` tensors, docs/MODEL_FORMAT.md). Training writes the float one, whose
/// values are on the integer grid; quantization rounds it to the integer one.
public struct ColumnHeadModel<Twin: ColumnTwin>: Sendable, Equatable {
  /// Sizes.
  public var config: ColumnHeadConfig
  /// Stored weights per projection: features → hidden, hidden → populations.
  public var weights: [[Twin.Weight]]
  /// θ per layer: hidden, populations.
  public var theta: [[Twin.Threshold]]

  /// Makes a model value.
  public init(config: ColumnHeadConfig, weights: [[Twin.Weight]], theta: [[Twin.Threshold]]) {
    (self.config, self.weights, self.theta) = (config, weights, theta)
  }

  /// The model of what `column` holds now (the weights per projection in stored order, θ per
  /// layer).
  init<Network>(_ column: ColumnWindowRun<Network>)
  where Network.Synapses.Weight == Twin.Weight, Network.Layer.Threshold == Twin.Threshold {
    let network = column.network
    self.init(
      config: column.config,
      weights: (0..<network.projectionCount).map { network.storedWeights(projection: $0) },
      theta: (0..<network.layerCount).map { network.theta(layer: $0) })
  }

  /// The tensor names, projection by projection and layer by layer.
  static var weightNames: [String] { ["column.hidden.weight", "column.output.weight"] }
  static var thetaNames: [String] { ["column.hidden.theta", "column.output.theta"] }

  /// The sizes of every tensor for `config`: stored synapses per projection, neurons per
  /// layer. All-to-all projections (the paper's) are counted, not built, so a file's claimed
  /// sizes are checked against its tensors before anything that large is allocated; a random
  /// scheme is drawn (within the config's synapse cap).
  static func shapes(_ c: ColumnHeadConfig) throws(ConfigError) -> (
    synapses: [Int], neurons: [Int]
  ) {
    let neurons = [c.hidden, c.neurons]
    if c.hiddenLayer.connection == nil || c.hiddenLayer.connection == .all,
      c.outputLayer.connection == nil || c.outputLayer.connection == .all
    {
      return ([c.features * c.hidden, c.hidden * c.neurons], neurons)
    }
    let network = try SpikingNetwork(description: c.network(learning: false))
    return ((0..<2).map { network.storedWeights(projection: $0).count }, neurons)
  }
}

extension ColumnHeadModel: HeadModel {
  public func makeHead() throws(ConfigError) -> Twin.Runtime {
    try Twin.makeHead(config, weights: weights, theta: theta)
  }

  /// This model with the weights and θ of `head`, built from it, after it learned.
  public func learned(from head: Twin.Runtime) -> ColumnHeadModel { Twin.model(of: head) }

  public func write(to w: inout SafetensorsWriter) {
    for (name, values) in zip(Self.weightNames, weights) { Twin.Weight.add(name, values, to: &w) }
    for (name, values) in zip(Self.thetaNames, theta) { Twin.Threshold.add(name, values, to: &w) }
  }

  /// Reads the head, checking its sizes, every tensor's shape and values, and that the
  /// column builds from them.
  public static func read(_ file: SafetensorsFile) throws(ModelError) -> ColumnHeadModel {
    let c = try ClassifierModelFile.decode(ColumnHeadConfig.self, "config", of: file) {
      (c) throws(ConfigError) in try c.validate()
    }
    let synapses: [Int]
    let neurons: [Int]
    do throws(ConfigError) {
      (synapses, neurons) = try shapes(c)
    } catch {
      throw ModelError(.badConfig, file: file.file, field: "__metadata__.config", "\(error)")
    }
    var weights: [[Twin.Weight]] = []
    for (name, count) in zip(weightNames, synapses) {
      weights.append(try Twin.read(name, count: count, from: file))
    }
    var theta: [[Twin.Threshold]] = []
    for (name, count) in zip(thetaNames, neurons) {
      theta.append(try Twin.readTheta(name, count: count, from: file))
    }
    let model = ColumnHeadModel(config: c, weights: weights, theta: theta)
    do throws(ConfigError) {
      _ = try model.makeHead()
    } catch {
      throw ModelError(.outOfRange, file: file.file, field: "column", "\(error)")
    }
    return model
  }
}

/// The float column head (what training writes).
public typealias FloatColumnHeadModel = ColumnHeadModel<FloatColumn>
/// The integer column head: Int8 weights and θ in 24-bit state units.
public typealias QuantizedColumnHeadModel = ColumnHeadModel<IntegerColumn>

extension ColumnHeadModel where Twin == FloatColumn {
  /// Rounded to the integer head: the values are already in integer units, so the error is at
  /// most half a unit; weights clamp to each projection's limits, θ to the state range.
  public func quantized() -> QuantizedColumnHeadModel {
    let projections = config.network(learning: false).projections
    let w = zip(weights, projections).map { values, p in values.map(p.weights.int8) }
    let limit = Float(Widths.stateMax)
    let t = theta.map { layer in layer.map { Int32(min(max($0.rounded(), -limit), limit)) } }
    return QuantizedColumnHeadModel(config: config, weights: w, theta: t)
  }
}

/// JSON form of the column head's sizes and layer options, as stored in `__metadata__.config`:
/// every size as a whole number, and `hiddenLayer` / `outputLayer` (`LayerOptions`) only when
/// they differ from the paper's column.
extension ColumnHeadConfig: Codable {
  enum CodingKeys: String, CodingKey {
    case tokens, features, classes, hidden, perClass, substeps, seed, hiddenLayer, outputLayer
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      tokens: try c.decode(Int.self, forKey: .tokens),
      features: try c.decode(Int.self, forKey: .features),
      classes: try c.decode(Int.self, forKey: .classes),
      hidden: try c.decode(Int.self, forKey: .hidden),
      perClass: try c.decode(Int.self, forKey: .perClass),
      substeps: try c.decode(Int.self, forKey: .substeps),
      seed: try c.decode(Int.self, forKey: .seed))
    hiddenLayer = try c.decodeIfPresent(LayerOptions.self, forKey: .hiddenLayer) ?? LayerOptions()
    outputLayer = try c.decodeIfPresent(LayerOptions.self, forKey: .outputLayer) ?? LayerOptions()
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(tokens, forKey: .tokens)
    try c.encode(features, forKey: .features)
    try c.encode(classes, forKey: .classes)
    try c.encode(hidden, forKey: .hidden)
    try c.encode(perClass, forKey: .perClass)
    try c.encode(substeps, forKey: .substeps)
    try c.encode(seed, forKey: .seed)
    if !hiddenLayer.isDefault { try c.encode(hiddenLayer, forKey: .hiddenLayer) }
    if !outputLayer.isDefault { try c.encode(outputLayer, forKey: .outputLayer) }
  }
}

extension ColumnHeadConfig: HeadConfig {
  public var summary: String {
    "K=\(tokens) F=\(features) hidden=\(hidden) classes=\(classes) per_class=\(perClass) "
      + "substeps=\(substeps) seed=\(seed)"
  }

  public var summaryJSON: [String: Int] {
    [
      "tokens": tokens, "features": features, "hidden": hidden, "classes": classes,
      "per_class": perClass, "substeps": substeps, "seed": seed,
    ]
  }
}
