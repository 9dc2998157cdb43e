import SpikeCore
import SpikeReference

/// A trained float classifier: the spiking front end (config, learned weights of the connected
/// synapses, θ) and the float attention head. What `spikecam train` writes.
public struct FloatClassifierModel: Sendable {
  /// Front end sizes (rebuilds the network description).
  public var pipeline: PipelineConfig
  /// Head sizes.
  public var attention: AttentionConfig
  /// Head weights.
  public var head: FloatAttentionParameters
  /// Weights of the connected input→layer synapses, pre-major (input j, then neuron i).
  public var weights: [Float]
  /// Learned adaptive thresholds θ, one per neuron.
  public var theta: [Float]
  /// Class names, index = class id.
  public var classNames: [String]

  /// Makes a model value.
  public init(
    pipeline: PipelineConfig, attention: AttentionConfig, head: FloatAttentionParameters,
    weights: [Float], theta: [Float], classNames: [String]
  ) {
    self.pipeline = pipeline
    self.attention = attention
    self.head = head
    self.weights = weights
    self.theta = theta
    self.classNames = classNames
  }

  /// The float front end with this model's weights and θ, for inference (θ frozen).
  public func makeExtractor() throws(ConfigError) -> FloatSpikeFeatureExtractor {
    try SynapsePacking.extractor(pipeline, weights: weights, theta: theta)
  }

  /// The float pipeline: front end and head.
  public func makePipeline() throws(ConfigError) -> FloatClassifierPipeline {
    try FloatClassifierPipeline(
      extractor: makeExtractor(), head: FloatAttentionHead(config: attention, parameters: head))
  }

  /// What the model needs on a board.
  public var footprint: NetworkFootprint { SynapsePacking.footprint(pipeline, attention) }
}

/// The spiking front end as every classifier file stores it, whatever the head: `snn.weight` is
/// the layer's stored (connected) synapses in pre-major order, `snn.theta` its θ. One place
/// builds the extractors from them and rounds a float front end to integers.
public enum SynapsePacking {
  /// The float front end with these weights and θ, for inference (θ frozen).
  static func extractor(_ p: PipelineConfig, weights: [Float], theta: [Float])
    throws(ConfigError) -> FloatSpikeFeatureExtractor
  {
    var network = try FloatSpikingNetwork(description: p.network(learning: false))
    try network.setStoredWeights(projection: 0, weights)
    var extractor = try FloatSpikeFeatureExtractor(config: p, network: network)
    try extractor.setTheta(theta)
    return extractor
  }

  /// The integer front end with these weights and θ (θ frozen).
  static func extractor(_ p: PipelineConfig, weights: [Int8], theta: [Int32])
    throws(ConfigError) -> SpikeFeatureExtractor
  {
    try SpikeFeatureExtractor(config: p, storedWeights: weights, theta: theta)
  }

  /// A float front end rounded to the integer one: its values are already in integer units
  /// (the float twin learns on the integer grid), so the error is at most half a unit; weights
  /// clamp to the layer's limits, θ to the state range.
  static func quantize(_ p: PipelineConfig, weights: [Float], theta: [Float])
    -> (weights: [Int8], theta: [Int32])
  {
    let limits = p.network(learning: false).projections[0].weights
    let w = weights.map {
      Int8(min(max($0.rounded(), Float(limits.minimum)), Float(limits.maximum)))
    }
    let t = theta.map { Int32(min(max($0.rounded(), 0), Float(Widths.stateMax))) }
    return (w, t)
  }

  /// Footprint of the front end followed by `head` layers (none for the attention head) and
  /// `attention`: the columns as the host runtime stores them, the encoder's frames.
  static func footprint(
    _ p: PipelineConfig, head: [NetworkFootprint.SpikingLayer] = [],
    attention: NetworkFootprint.Attention?, classes: Int
  ) -> NetworkFootprint {
    var footprint = NetworkFootprint(
      encoderChannels: p.channels,
      layers: [
        // The runtime keeps the connected weights and the receptive fields' index lists.
        .init(
          name: "columns", neurons: p.neurons, fanIn: p.patch * p.patch * p.channels,
          hostIndexBytes: Connectivity.receptiveFieldIndexBytes(
            width: p.width, height: p.height, channels: p.channels, patch: p.patch,
            stride: p.stride, neurons: p.neurons))
      ] + head,
      attention: attention, classes: classes)
    footprint.encoderFrames = p.encoderFrames
    return footprint
  }

  /// Footprint of a front end plus attention head.
  static func footprint(_ p: PipelineConfig, _ a: AttentionConfig) -> NetworkFootprint {
    footprint(
      p, attention: .init(width: a.width, heads: a.heads, mlpWidth: a.hidden), classes: a.classes)
  }
}
