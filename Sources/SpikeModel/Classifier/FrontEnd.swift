import Foundation
import SpikeBoard
import SpikeCore
import SpikeReference
import SpikeSystem

/// The spiking front end of a classifier, whatever its head, in either number type: the
/// configuration, the weights of the layer's connected synapses (pre-major, the order
/// `snn.weight` stores them in) and its θ. Training writes the float one; quantization rounds
/// it to the integer one; every head reads its features from it.
public struct FrontEnd<Weight: TensorElement, Threshold: TensorElement>: Sendable, Equatable {
  /// Sizes, encoder and seed (rebuilds the network description).
  public var pipeline: PipelineConfig
  /// Weights of the connected input→layer synapses, pre-major (input j, then neuron i).
  public var weights: [Weight]
  /// Adaptive thresholds θ, one per neuron.
  public var theta: [Threshold]

  /// Makes a front end value.
  public init(pipeline: PipelineConfig, weights: [Weight], theta: [Threshold]) {
    (self.pipeline, self.weights, self.theta) = (pipeline, weights, theta)
  }

  /// Adds `snn.weight` and `snn.theta` to a model file.
  func write(to w: inout SafetensorsWriter) {
    Weight.add("snn.weight", weights, to: &w)
    Threshold.add("snn.theta", theta, to: &w)
  }
}

/// The float front end (what training writes): real weights and θ on the integer grid.
public typealias FloatFrontEnd = FrontEnd<Float, Float>
/// The integer front end: Int8 weights and 24-bit θ in Int32.
public typealias QuantizedFrontEnd = FrontEnd<Int8, Int32>

extension FloatFrontEnd {
  /// The float front end with these weights and θ, for inference (θ frozen).
  public func makeExtractor() throws(ConfigError) -> FloatSpikeFeatureExtractor {
    var network = try FloatSpikingNetwork(description: pipeline.network(learning: false))
    try network.setStoredWeights(projection: 0, weights)
    var extractor = try FloatSpikeFeatureExtractor(config: pipeline, network: network)
    try extractor.setTheta(theta)
    return extractor
  }

  /// Rounded to the integer front end: the values are already in integer units (the float
  /// twin learns on the integer grid), so the error is at most half a unit; weights clamp to
  /// the layer's limits, θ to the state range.
  public func quantized() -> QuantizedFrontEnd {
    let limits = pipeline.network(learning: false).projections[0].weights
    let w = weights.map(limits.int8)
    let t = theta.map { Int32(min(max($0.rounded(), 0), Float(Widths.stateMax))) }
    return QuantizedFrontEnd(pipeline: pipeline, weights: w, theta: t)
  }

  /// The front end of a classifier file whose head takes `tokens × features` windows.
  static func read(_ file: SafetensorsFile, tokens: Int, features: Int) throws(ModelError)
    -> FloatFrontEnd
  {
    let p = try ClassifierModelFile.pipeline(file, tokens: tokens, features: features)
    return FloatFrontEnd(
      pipeline: p, weights: try file.floats("snn.weight", shape: [p.storedSynapses]),
      theta: try file.floats("snn.theta", shape: [p.neurons]))
  }
}

extension QuantizedFrontEnd {
  /// The integer front end with these weights and θ, built on `description` (the inference
  /// network, θ frozen, unless on-device learning asks for the training one).
  public func makeExtractor(_ description: NetworkDescription? = nil) throws(ConfigError)
    -> SpikeFeatureExtractor
  {
    try SpikeFeatureExtractor(
      config: pipeline, storedWeights: weights, theta: theta, description: description)
  }

  /// The front end of a classifier file whose head takes `tokens × features` windows; θ must
  /// be in the state range.
  static func read(_ file: SafetensorsFile, tokens: Int, features: Int) throws(ModelError)
    -> QuantizedFrontEnd
  {
    let p = try ClassifierModelFile.pipeline(file, tokens: tokens, features: features)
    do throws(SafetensorsProblem) {
      let (weights, theta) = try FrontEndTensors8.read(file.layout, file.storage.bytes, p)
      return QuantizedFrontEnd(pipeline: p, weights: weights, theta: theta)
    } catch {
      throw ModelError(error, file: file.file)
    }
  }
}

extension WeightInitialization {
  /// A float twin's weight (already in integer units) as the projection stores it: rounded,
  /// clamped to the projection's limits.
  func int8(_ weight: Float) -> Int8 {
    Int8(min(max(weight.rounded(), Float(minimum)), Float(maximum)))
  }
}

/// A number type a model file stores as a one-dimensional tensor.
public protocol TensorElement: Sendable, Equatable {
  /// Adds `values` as the tensor `name` of shape `[values.count]`.
  static func add(_ name: String, _ values: [Self], to w: inout SafetensorsWriter)
}

extension Float: TensorElement {
  public static func add(_ name: String, _ values: [Float], to w: inout SafetensorsWriter) {
    w.add(name, values, shape: [values.count])
  }
}

extension Int8: TensorElement {
  public static func add(_ name: String, _ values: [Int8], to w: inout SafetensorsWriter) {
    w.add(name, values, shape: [values.count])
  }
}

extension Int32: TensorElement {
  public static func add(_ name: String, _ values: [Int32], to w: inout SafetensorsWriter) {
    w.add(name, values, shape: [values.count])
  }
}

extension PipelineConfig {
  /// Board footprint of this front end followed by `head` layers (none for the attention head)
  /// and `attention`: the columns as the host runtime stores them, the encoder's frames.
  func footprint(
    head: [NetworkFootprint.SpikingLayer] = [], attention: AttentionConfig?,
    classes: Int
  ) -> NetworkFootprint {
    // The runtime keeps the connected weights and, for a sparse scheme, their index lists;
    // a random scheme's fan-in varies, so the memory map counts its mean, rounded up.
    let scheme = network(learning: false).projections[0].scheme
    let synapses = storedSynapses
    var footprint = NetworkFootprint(
      encoderChannels: channels,
      layers: [
        .init(
          name: "columns", neurons: neurons, fanIn: (synapses + neurons - 1) / neurons,
          hostIndexBytes: Connectivity.indexBytes(
            scheme: scheme, preCount: layerInputs, postCount: neurons, seed: seed))
      ] + head,
      attention: attention, classes: classes)
    footprint.encoderFrames = encoderFrames
    return footprint
  }
}

extension ClassifierModelFile {
  /// The checked front end configuration of a classifier file, for either head: the
  /// `pipeline` config must be valid and make the `tokens × features` window the head takes.
  static func pipeline(_ file: SafetensorsFile, tokens: Int, features: Int)
    throws(ModelError) -> PipelineConfig
  {
    let pipeline = try decode(PipelineConfig.self, "pipeline", of: file) {
      (p) throws(ConfigError) in try p.validate()
    }
    guard features == pipeline.features, tokens == pipeline.tokens else {
      throw ModelError(
        .badConfig, file: file.file, field: "__metadata__.config",
        "the head takes \(tokens)×\(features), the front end makes "
          + "\(pipeline.tokens)×\(pipeline.features)")
    }
    return pipeline
  }

  /// The class names of a classifier file, `classes` of them.
  static func classNames(_ file: SafetensorsFile, classes: Int) throws(ModelError) -> [String] {
    let names = try decode([String].self, "classes", of: file)
    guard names.count == classes else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.classes",
        "names \(names.count) classes, the head has \(classes)")
    }
    // Names reach JSON lines, CSV files and terminals: refuse control characters here.
    for name in names {
      if let problem = ClassName.problem(name) {
        throw ModelError(.badMetadata, file: file.file, field: "__metadata__.classes", problem)
      }
    }
    return names
  }

  /// `__metadata__.<key>` read as JSON, then checked by `check`; refused with the key's name
  /// when missing, not that JSON, or not valid.
  static func decode<T: Decodable>(
    _ type: T.Type, _ key: String, of file: SafetensorsFile,
    check: (T) throws(ConfigError) -> Void = { _ in }
  ) throws(ModelError) -> T {
    let field = "__metadata__.\(key)"
    guard let text = file.metadata[key],
      let value = try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    else {
      throw ModelError(.badMetadata, file: file.file, field: field, "missing or not valid JSON")
    }
    do throws(ConfigError) {
      try check(value)
    } catch {
      throw ModelError(.badConfig, file: file.file, field: field, "\(error)")
    }
    return value
  }
}
