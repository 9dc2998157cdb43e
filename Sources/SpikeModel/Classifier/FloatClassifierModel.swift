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
    var network = try FloatSpikingNetwork(description: pipeline.network(learning: false))
    try network.setStoredWeights(projection: 0, weights)
    var extractor = try FloatSpikeFeatureExtractor(config: pipeline, network: network)
    try extractor.setTheta(theta)
    return extractor
  }

  /// The float pipeline: front end and head.
  public func makePipeline() throws(ConfigError) -> FloatClassifierPipeline {
    try FloatClassifierPipeline(
      extractor: makeExtractor(), head: FloatAttentionHead(config: attention, parameters: head))
  }

  /// What the model needs on a board.
  public var footprint: NetworkFootprint { SynapsePacking.footprint(pipeline, attention) }
}

/// Packing of a projection's connected synapses into a flat list (the model file stores only
/// these: a receptive-field layer's dense matrix is mostly absent synapses).
public enum SynapsePacking {
  /// The connected values of `dense` in flat (pre-major) order; all of them without a mask.
  public static func pack<T>(_ dense: [T], mask: [Bool]) -> [T] {
    if mask.isEmpty { return dense }
    var out: [T] = []
    out.reserveCapacity(mask.count { $0 })
    for k in dense.indices where mask[k] { out.append(dense[k]) }
    return out
  }

  /// The dense matrix from the connected values; absent synapses get `zero`.
  public static func unpack<T>(_ packed: [T], mask: [Bool], zero: T) throws(ConfigError) -> [T] {
    if mask.isEmpty { return packed }
    let needed = mask.count { $0 }
    guard packed.count == needed else {
      throw .inconsistent("the model has \(packed.count) synapse weights; the layer has \(needed)")
    }
    var dense = [T](repeating: zero, count: mask.count)
    var i = 0
    for k in mask.indices where mask[k] {
      dense[k] = packed[i]
      i += 1
    }
    return dense
  }

  /// Footprint of a front end plus head.
  static func footprint(_ p: PipelineConfig, _ a: AttentionConfig) -> NetworkFootprint {
    NetworkFootprint(
      encoderChannels: p.channels,
      layers: [
        // The runtime keeps the connected weights and the receptive fields' index lists.
        .init(
          name: "columns", neurons: p.neurons, fanIn: p.patch * p.patch * p.channels,
          hostIndexBytes: Connectivity.receptiveFieldIndexBytes(
            width: p.width, height: p.height, channels: p.channels, patch: p.patch,
            stride: p.stride, neurons: p.neurons))
      ],
      attention: .init(width: a.width, heads: a.heads, mlpWidth: a.hidden), classes: a.classes)
  }
}
