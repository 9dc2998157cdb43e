/// Frame → int8 feature vector: the configured encoder, event routing (delay line and pooled
/// counts), the spiking layer, per-neuron spike counts. The integer front end of
/// `ClassifierPipeline`; its real-valued twin is in SpikeReference. `extract` allocates
/// nothing.
public struct SpikeFeatureExtractor: FeatureFrontEnd {
  /// The front end's sizes.
  public let config: PipelineConfig
  /// The spiking layer (weights and θ as loaded or learned).
  public var network: SpikingNetwork
  /// Features of the last frame: pooled counts per column and encoder channel, then spike counts
  /// per neuron.
  public private(set) var features: [Int8]
  private var encoder: PipelineSpikeEncoder
  private var router: EventRouter

  /// Builds the front end around `network` (made from `config.network(learning:)`).
  public init(config: PipelineConfig, network: SpikingNetwork) throws(ConfigError) {
    try config.validate()
    guard network.description.inputCount == config.channels * config.pixels,
      network.description.layers.first?.count == config.neurons
    else { throw .inconsistent("the network does not match the pipeline config's sizes") }
    self.config = config
    self.network = network
    features = [Int8](repeating: 0, count: config.features)
    do {
      encoder = try PipelineSpikeEncoder(config: config)
    } catch {
      throw .inconsistent("encoder: \(error)")
    }
    router = EventRouter(config: config)
  }

  /// Encodes `frame` (`width × height` luma), runs the layer (learning with `learn`) and fills
  /// `features`.
  public mutating func extract(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool = false) {
    encoder.encode(frame, into: &router.events)
    router.route()
    network.present(router.input, learn: learn)
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
  public var theta: [Int32] { network.layers[0].theta }

  /// Sets θ (e.g. from a model file).
  public mutating func setTheta(_ values: [Int32]) throws(ConfigError) {
    guard values.count == config.neurons else {
      throw .inconsistent("θ has \(values.count) values; the layer has \(config.neurons) neurons")
    }
    for j in 0..<values.count {
      network.layers[0].adjustTheta(j, by: values[j] &- network.layers[0].theta[j])
    }
  }
}
