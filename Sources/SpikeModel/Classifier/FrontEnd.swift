import Foundation
import SpikeCore
import SpikeReference

/// The spiking front end of a float classifier, whatever its head: the configuration, the
/// weights of the layer's connected synapses (pre-major, the order `snn.weight` stores) and its
/// learned θ. Training writes it; every head reads the same features from it.
public struct FloatFrontEnd: Sendable, Equatable {
  /// Sizes, encoder and seed (rebuilds the network description).
  public var pipeline: PipelineConfig
  /// Weights of the connected input→layer synapses, pre-major (input j, then neuron i).
  public var weights: [Float]
  /// Learned adaptive thresholds θ, one per neuron.
  public var theta: [Float]

  /// Makes a front end value.
  public init(pipeline: PipelineConfig, weights: [Float], theta: [Float]) {
    self.pipeline = pipeline
    self.weights = weights
    self.theta = theta
  }

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
    let w = weights.map {
      Int8(min(max($0.rounded(), Float(limits.minimum)), Float(limits.maximum)))
    }
    let t = theta.map { Int32(min(max($0.rounded(), 0), Float(Widths.stateMax))) }
    return QuantizedFrontEnd(pipeline: pipeline, weights: w, theta: t)
  }
}

/// The integer front end of a classifier: Int8 weights of the connected synapses and 24-bit θ.
public struct QuantizedFrontEnd: Sendable, Equatable {
  /// Sizes, encoder and seed.
  public var pipeline: PipelineConfig
  /// Connected synapse weights, pre-major, in Int8 weight units.
  public var weights: [Int8]
  /// Adaptive thresholds θ (24-bit in Int32).
  public var theta: [Int32]

  /// Makes a front end value.
  public init(pipeline: PipelineConfig, weights: [Int8], theta: [Int32]) {
    self.pipeline = pipeline
    self.weights = weights
    self.theta = theta
  }

  /// The integer front end with these weights and θ, built on `description` (the inference
  /// network, θ frozen, unless on-device learning asks for the training one).
  public func makeExtractor(_ description: NetworkDescription? = nil) throws(ConfigError)
    -> SpikeFeatureExtractor
  {
    var network = try SpikingNetwork(description: description ?? pipeline.network(learning: false))
    try network.setStoredWeights(projection: 0, weights)
    var extractor = try SpikeFeatureExtractor(config: pipeline, network: network)
    try extractor.setTheta(theta)
    return extractor
  }
}

extension PipelineConfig {
  /// Synapses `snn.weight` stores: every neuron's receptive field.
  var storedSynapses: Int { neurons * patch * patch * channels }

  /// Board footprint of this front end followed by `head` layers (none for the attention head)
  /// and `attention`: the columns as the host runtime stores them, the encoder's frames.
  func footprint(
    head: [NetworkFootprint.SpikingLayer] = [], attention: NetworkFootprint.Attention?,
    classes: Int
  ) -> NetworkFootprint {
    var footprint = NetworkFootprint(
      encoderChannels: channels,
      layers: [
        // The runtime keeps the connected weights and the receptive fields' index lists.
        .init(
          name: "columns", neurons: neurons, fanIn: patch * patch * channels,
          hostIndexBytes: Connectivity.receptiveFieldIndexBytes(
            width: width, height: height, channels: channels, patch: patch, stride: stride,
            neurons: neurons))
      ] + head,
      attention: attention, classes: classes)
    footprint.encoderFrames = encoderFrames
    return footprint
  }
}

// MARK: - In a model file

extension FloatFrontEnd {
  /// Adds `snn.weight` and `snn.theta`.
  func write(to w: inout SafetensorsWriter) {
    w.add("snn.weight", weights, shape: [weights.count])
    w.add("snn.theta", theta, shape: [theta.count])
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
  /// Adds `snn.weight` and `snn.theta`.
  func write(to w: inout SafetensorsWriter) {
    w.add("snn.weight", weights, shape: [weights.count])
    w.add("snn.theta", theta, shape: [theta.count])
  }

  /// The front end of a classifier file whose head takes `tokens × features` windows; θ must
  /// be in the state range.
  static func read(_ file: SafetensorsFile, tokens: Int, features: Int) throws(ModelError)
    -> QuantizedFrontEnd
  {
    let p = try ClassifierModelFile.pipeline(file, tokens: tokens, features: features)
    let weights = try file.int8s("snn.weight", shape: [p.storedSynapses])
    let theta = try file.int32s("snn.theta", shape: [p.neurons])
    guard theta.allSatisfy({ $0 >= 0 && $0 <= Widths.stateMax }) else {
      throw ModelError(.outOfRange, file: file.file, field: "snn.theta", "θ must be in 0...2^23−1")
    }
    return QuantizedFrontEnd(pipeline: p, weights: weights, theta: theta)
  }
}

extension ClassifierModelFile {
  /// The checked front end configuration of a classifier file, for either head: the
  /// `pipeline` config must be valid and make the `tokens × features` window the head takes.
  static func pipeline(_ file: SafetensorsFile, tokens: Int, features: Int)
    throws(ModelError) -> PipelineConfig
  {
    guard let text = file.metadata["pipeline"],
      let pipeline = try? JSONDecoder().decode(PipelineConfig.self, from: Data(text.utf8))
    else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.pipeline",
        "missing or not a valid pipeline config JSON")
    }
    do throws(ConfigError) {
      try pipeline.validate()
    } catch {
      throw ModelError(.badConfig, file: file.file, field: "__metadata__.pipeline", "\(error)")
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
    guard let text = file.metadata["classes"],
      let names = try? JSONDecoder().decode([String].self, from: Data(text.utf8)),
      names.count == classes
    else {
      throw ModelError(
        .badMetadata, file: file.file, field: "__metadata__.classes",
        "missing, or not a JSON list of \(classes) names")
    }
    return names
  }
}
