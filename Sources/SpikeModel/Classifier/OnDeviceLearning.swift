import SpikeCore

/// How an int8 classifier keeps learning on the device (`spikecam run --learn`): the spiking
/// layer's integer STDP (stochastic rounding) and adaptive threshold θ, as in training, on
/// every `every`-th frame, with each STDP update divided by `2^rateShift` and θ adapting on one
/// learned frame in `2^rateShift` (θ⁺ and θ's decay both act on those frames only, so the rate
/// slows θ as it slows the weights without moving θ's equilibrium). The head, whichever it is,
/// stays fixed: it was trained on the features of the old weights, so the defaults are gentle
/// (see docs/RESULTS.md, "On-device learning: accuracy and drift", for the measured drift).
public struct OnDeviceLearning: Sendable, Equatable {
  /// Extra right shift of every STDP update (learning rate `2^−rateShift`), 0…12.
  public var rateShift: Int
  /// Learn from one frame in `every` (θ stays frozen on the others), ≥ 1.
  public var every: Int

  /// Default: rate 1/256, every frame (the gentlest setting measured; docs/RESULTS.md,
  /// "On-device learning: accuracy and drift").
  public init(rateShift: Int = 8, every: Int = 1) {
    (self.rateShift, self.every) = (rateShift, every)
  }

  /// Checks the ranges; the message says what to pass.
  public func validate() throws(ConfigError) {
    try ConfigError.check("learning rate shift (rate = 2^-shift)", rateShift, 0, 12)
    try ConfigError.check("learn-every frames", every, 1, 1 << 30)
  }

  /// What frame `n` (0-based) of a stream does: run STDP (`learn`) and adapt θ (`theta`).
  public func plan(frame n: Int) -> (learn: Bool, theta: Bool) {
    let learn = n % every == 0
    return (learn, learn && (n / every) % (1 << rateShift) == 0)
  }

  /// The learning rate as text, `1` or `1/2^k`.
  public var rateText: String { rateShift == 0 ? "1" : "1/\(1 << rateShift)" }
}

/// What a model file records about learning on the device (`__metadata__.adapted_on_device`).
public struct OnDeviceAdaptation: Sendable, Equatable, Codable {
  /// Frames the spiking layer learned from, over every adapting run of this model.
  public var framesLearned: Int
  /// Learning rate of the last run, `2^−rateShift`.
  public var rateShift: Int
  /// Frames per learned frame in the last run.
  public var every: Int
  /// Windows the head learned from by reward (R-STDP with labels), over every run; absent
  /// for a model whose head never did.
  public var windowsRewarded: Int?
}

extension QuantizedClassifierModel {
  /// The integer pipeline with learning enabled (`push(_:learn: true)` runs STDP and θ): the
  /// network of training (`PipelineConfig.network(learning: true)`) with the STDP shift raised
  /// by `learning.rateShift`, this model's weights and θ. θ adaptation starts off; switch it
  /// per frame with `SpikeFeatureExtractor.setThetaAdaptation(_:)`. The head does not learn.
  public func makeLearningPipeline(_ learning: OnDeviceLearning) throws(ConfigError)
    -> ClassifierPipeline<SpikeFeatureExtractor, Head.QuantizedModel.Runtime>
  {
    try learning.validate()
    var description = frontEnd.pipeline.network(learning: true)
    guard case .stdp(var rule) = description.projections[0].plasticity else {
      throw .inconsistent("the front end's projection does not learn by STDP")
    }
    rule.shift += Int32(learning.rateShift)
    try ConfigError.check("STDP shift with the learning rate", Int(rule.shift), 0, 24)
    description.projections[0].plasticity = .stdp(rule)
    var extractor = try frontEnd.makeExtractor(description)
    try extractor.setThetaAdaptation(nil)
    return try ClassifierPipeline(extractor: extractor, head: head.makeHead())
  }

  /// This model with the weights and θ a learning pipeline's front end holds now, and `frames`
  /// more learned frames recorded.
  public func adapted(
    from extractor: SpikeFeatureExtractor, frames: Int, learning: OnDeviceLearning
  ) -> QuantizedClassifierModel {
    var m = self
    m.frontEnd.weights = extractor.network.storedWeights(projection: 0)
    m.frontEnd.theta = extractor.theta
    m.adaptation = OnDeviceAdaptation(
      framesLearned: (adaptation?.framesLearned ?? 0) + frames, rateShift: learning.rateShift,
      every: learning.every)
    return m
  }
}

extension PipelineConfig {
  /// θ⁺ and θ decay of training (`network(learning: true)`), for on-device learning.
  public var trainingThetaAdaptation: (plus: Int32, decay: Int32) {
    let neuron = network(learning: true).layers[0].neuron
    return (neuron.thetaPlus, neuron.thetaDecay)
  }
}

extension SpikeFeatureExtractor {
  /// Turns θ adaptation on (`theta`: training's values, `trainingThetaAdaptation`) or off
  /// (nil: frozen, as at inference) in a learning front end; allocates nothing.
  public mutating func setThetaAdaptation(_ theta: (plus: Int32, decay: Int32)?)
    throws(ConfigError)
  {
    try network.setThetaAdaptation(layer: 0, plus: theta?.plus ?? 0, decay: theta?.decay ?? 0)
  }
}
