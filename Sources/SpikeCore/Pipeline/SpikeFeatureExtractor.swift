/// Frame → int8 feature vector, in either twin: the configured encoder, event routing (delay
/// line and pooled counts), the spiking layer, per-neuron spike counts. Only the network and
/// the encoder are the twin's own (`FrontEndNetwork`): the integer front end is
/// `SpikeFeatureExtractor`, SpikeReference names the float one `FloatSpikeFeatureExtractor`.
/// `extract` allocates nothing (with the integer twin).
public struct FeatureExtractor<Network: FrontEndNetwork>: FeatureFrontEnd {
  /// The front end's sizes.
  public let config: PipelineConfig
  /// The spiking layer (weights and θ as loaded or learned).
  public var network: Network
  /// Features of the last frame: pooled counts per column and encoder channel, then spike counts
  /// per neuron.
  public internal(set) var features: [Int8]
  var encoder: Network.Encoder
  var router: EventRouter

  /// Builds the front end around `network` (made from `config.network(learning:)`).
  public init(config: PipelineConfig, network: Network) throws(ConfigError) {
    try config.validate()
    guard network.description.inputCount == config.channels * config.pixels,
      network.description.layers.first?.count == config.neurons
    else { throw .inconsistent("the network does not match the pipeline config's sizes") }
    (self.config, self.network) = (config, network)
    features = [Int8](repeating: 0, count: config.features)
    do {
      encoder = try Network.Encoder(config: config)
    } catch {
      throw .inconsistent("encoder: \(error)")
    }
    router = EventRouter(config: config)
  }

  /// Encodes `frame` (`width × height` luma), runs the layer (learning with `learn`) and fills
  /// `features`. A front end whose features leave the spike counts out does not run the layer.
  public mutating func extract(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool = false) {
    encoder.encode(frame, into: &router.events)
    router.route()
    if config.featureSet.hasSpikes { network.present(router.input, learn: learn) }
    router.writeFeatures(spikeCounts: network.counts[0], into: &features)
  }

  /// Starts a new clip: encoder reference, delayed events and neuron state return to rest;
  /// weights and θ stay.
  public mutating func reset() {
    encoder.reset()
    router.reset()
    network.reset()
  }

  /// The layer's adaptive thresholds θ.
  public var theta: [Network.Threshold] { network.theta }

  /// Sets θ (e.g. from a model file).
  public mutating func setTheta(_ values: [Network.Threshold]) throws(ConfigError) {
    guard values.count == config.neurons else {
      throw .inconsistent("θ has \(values.count) values; the layer has \(config.neurons) neurons")
    }
    network.setTheta(values)
  }
}

/// The integer front end.
public typealias SpikeFeatureExtractor = FeatureExtractor<SpikingNetwork>

extension FeatureExtractor where Network == SpikingNetwork {
  /// The integer front end of a model file: the network of `description` (by default the
  /// inference one of `config`, θ frozen) with the file's stored (connected) synapse weights,
  /// pre-major, and θ. Every reader of a model file builds it here, the board programs too.
  public init(
    config: PipelineConfig, storedWeights: [Int8], theta: [Int32],
    description: NetworkDescription? = nil
  ) throws(ConfigError) {
    var network = try SpikingNetwork(description: description ?? config.network(learning: false))
    try network.setStoredWeights(projection: 0, storedWeights)
    try self.init(config: config, network: network)
    try setTheta(theta)
  }
}

/// The spiking layer of a front end in either twin (`SpikingNetwork`, its float twin): what
/// `FeatureExtractor` asks of it, and the twin's encoder.
public protocol FrontEndNetwork: Sendable {
  /// The twin's encoder of `PipelineConfig.encoder`.
  associatedtype Encoder: PipelineEncoding
  /// The twin's threshold type.
  associatedtype Threshold
  /// What the network was built from.
  var description: NetworkDescription { get }
  /// Spikes per neuron of each layer in the last frame.
  var counts: [[Int32]] { get }
  /// Runs one frame.
  mutating func present(_ input: SpikePlanes, learn: Bool)
  /// Returns the neurons to rest; learned values stay.
  mutating func reset()
  /// The first layer's adaptive thresholds θ.
  var theta: [Threshold] { get }
  /// Sets the first layer's θ, one value per neuron.
  mutating func setTheta(_ values: [Threshold])
}

/// The encoder `PipelineConfig.encoder` names, in either twin.
public protocol PipelineEncoding: SpikeEncoder, Sendable {
  /// The encoder for `config`, seeded from it.
  init(config: PipelineConfig) throws(EncoderError)
}

extension PipelineSpikeEncoder: PipelineEncoding {}

extension SpikingNetwork: FrontEndNetwork {
  public typealias Encoder = PipelineSpikeEncoder

  public var theta: [Int32] { layers[0].theta }

  public mutating func setTheta(_ values: [Int32]) {
    for j in values.indices { layers[0].adjustTheta(j, by: values[j] &- layers[0].theta[j]) }
  }
}
