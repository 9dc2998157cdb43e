import SpikeCore
import SpikeReference

/// A trained float classifier with the paper's R-STDP head: the spiking front end (as in
/// `FloatClassifierModel`) and class populations. What `spikecam train --head rstdp` writes.
public struct FloatPopulationClassifierModel: Sendable {
  /// Front end sizes.
  public var pipeline: PipelineConfig
  /// Head sizes.
  public var config: PopulationHeadConfig
  /// Head weights, thresholds and inhibition.
  public var head: FloatPopulationHeadParameters
  /// Weights of the connected input→layer synapses, pre-major.
  public var weights: [Float]
  /// Learned adaptive thresholds θ of the front end.
  public var theta: [Float]
  /// Class names, index = class id.
  public var classNames: [String]

  /// Makes a model value.
  public init(
    pipeline: PipelineConfig, config: PopulationHeadConfig, head: FloatPopulationHeadParameters,
    weights: [Float], theta: [Float], classNames: [String]
  ) {
    self.pipeline = pipeline
    self.config = config
    self.head = head
    self.weights = weights
    self.theta = theta
    self.classNames = classNames
  }

  /// The float front end with this model's weights and θ (θ frozen).
  public func makeExtractor() throws(ConfigError) -> FloatSpikeFeatureExtractor {
    try SynapsePacking.extractor(pipeline, weights: weights, theta: theta)
  }

  /// The float pipeline: front end and populations.
  public func makePipeline() throws(ConfigError) -> FloatPopulationClassifierPipeline {
    try FloatPopulationClassifierPipeline(
      extractor: makeExtractor(), head: FloatPopulationHead(config: config, parameters: head))
  }

  /// What the model needs on a board: the front end's layer, then the populations as a
  /// spiking layer (no attention block).
  public var footprint: NetworkFootprint { PopulationFootprint.of(pipeline, config) }
}

/// Board footprint of a front end plus class populations.
enum PopulationFootprint {
  static func of(_ p: PipelineConfig, _ c: PopulationHeadConfig) -> NetworkFootprint {
    var footprint = SynapsePacking.footprint(
      p,
      head: [
        .init(
          name: "class populations", neurons: c.neurons, fanIn: c.features,
          extraInputs: c.features - p.neurons)
      ],
      attention: nil, classes: c.classes)
    footprint.features = c.features
    return footprint
  }
}
