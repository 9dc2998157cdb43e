public import SpikeCore

/// Float twin of `SpikeFeatureExtractor`: the same events and routing (spikes are integers in
/// both), real-valued neurons and weights; the features are the same integers (event and spike
/// counts).
public struct FloatSpikeFeatureExtractor: FeatureFrontEnd {
  /// The front end's sizes.
  public let config: PipelineConfig
  /// The spiking layer.
  public var network: FloatSpikingNetwork
  /// Features of the last frame (see `SpikeFeatureExtractor.features`).
  public private(set) var features: [Int8]
  private var encoder: FloatPipelineSpikeEncoder
  private var router: EventRouter

  /// Builds the front end around `network` (made from `config.network(learning:)`).
  public init(config: PipelineConfig, network: FloatSpikingNetwork) throws(ConfigError) {
    try config.validate()
    guard network.description.inputCount == config.channels * config.pixels,
      network.description.layers.first?.count == config.neurons
    else { throw .inconsistent("the network does not match the pipeline config's sizes") }
    self.config = config
    self.network = network
    features = [Int8](repeating: 0, count: config.features)
    do {
      encoder = try FloatPipelineSpikeEncoder(config: config)
    } catch {
      throw .inconsistent("encoder: \(error)")
    }
    router = EventRouter(config: config)
  }

  /// Encodes `frame`, runs the layer (learning with `learn`) and fills `features`.
  public mutating func extract(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool = false) {
    encoder.encode(frame, into: &router.events)
    router.route()
    network.present(router.input, learn: learn)
    router.writeFeatures(spikeCounts: network.counts[0], into: &features)
  }

  /// Starts a new clip; weights and θ stay.
  public mutating func reset() {
    encoder.reset()
    router.reset()
    network.reset()
  }

  /// The layer's adaptive thresholds θ.
  public var theta: [Float] { network.layers[0].theta }

  /// Sets θ (e.g. from a model file).
  public mutating func setTheta(_ values: [Float]) throws(ConfigError) {
    guard values.count == config.neurons else {
      throw .inconsistent("θ has \(values.count) values; the layer has \(config.neurons) neurons")
    }
    for j in 0..<values.count {
      network.layers[0].adjustTheta(j, by: values[j] - network.layers[0].theta[j])
    }
  }
}
