/// Settings of the head's reward-modulated STDP (`FloatPopulationHead.learn`).
public struct PopulationRSTDPSettings: Sendable, Equatable {
  /// Step of the largest weight change, as a fraction of `weightLimit`.
  public var learningRate: Float = 0.02
  /// Weights stay in `−weightLimit…weightLimit`.
  public var weightLimit: Float = 1
  /// Pre (feature) trace decay per step, a fraction of 1.
  public var preDecay: Float = 0.25
  /// Post (spike) trace decay per step.
  public var postDecay: Float = 0.25
  /// Weight of the anti-causal (post-before-pre) term relative to the causal one.
  public var depression: Float = 0.5
  /// Eligibility decay per frame: older frames count less when the reward arrives.
  public var eligibilityDecay: Float = 0.1
  /// Threshold adaptation per window: θ ← θ · (1 + rate · (spikes − target)).
  public var homeostasisRate: Float = 0.01
  /// Spikes per neuron per window that homeostasis steers towards (over many windows).
  public var targetSpikes: Float = 0.5
  /// Mutual inhibition as a fraction of the mean threshold.
  public var inhibitionRatio: Float = 0.25
  /// Inhibition inside a population as a fraction of the mean threshold.
  public var selfInhibitionRatio: Float = 0
  /// Competitors punished: populations with at least this fraction of the true class's spikes.
  public var punishFraction: Float = 1
  /// Typical magnitude of each feature (empty: all 1). Weight changes are divided by it, so
  /// features on a small scale (spike counts 0…T) learn as fast as large ones (event counts).
  public var featureScale: [Float] = []

  /// Defaults.
  public init() {}
}

/// Pre and post traces and per-synapse eligibility of one window, for R-STDP.
///
/// Pair terms (the STDP of docs/ARCHITECTURE.md, "Kernels", accumulated into eligibility
/// instead of the weights):
/// on a post spike of neuron k, `e_k += x̄` (pre trace: causal); at each step, before this
/// step's spikes, `e_k −= depression · ȳ_k · x` (input arriving after k fired: anti-causal).
/// Eligibility decays per frame; rows of neurons that never fired stay zero and are skipped.
struct FloatPopulationTraces {
  let features: Int
  let neurons: Int
  let settings: PopulationRSTDPSettings
  var pre: [Float]
  var post: [Float]
  var eligibility: [Float]
  var touched: [Bool]
  var spikedNow: [Bool]

  init(features: Int, neurons: Int, settings: PopulationRSTDPSettings) {
    (self.features, self.neurons, self.settings) = (features, neurons, settings)
    pre = [Float](repeating: 0, count: features)
    post = [Float](repeating: 0, count: neurons)
    eligibility = [Float](repeating: 0, count: features * neurons)
    touched = [Bool](repeating: false, count: neurons)
    spikedNow = touched
  }

  mutating func start() {
    for j in 0..<features { pre[j] = 0 }
    for k in 0..<neurons {
      post[k] = 0
      if touched[k] {
        for j in 0..<features { eligibility[k * features + j] = 0 }
        touched[k] = false
      }
    }
  }

  mutating func beforeStep(x: UnsafeBufferPointer<Float>) {
    let f = features
    let keep = 1 - settings.preDecay
    for k in 0..<neurons where post[k] > 1e-4 {
      let g = settings.depression * post[k]
      eligibility.withUnsafeMutableBufferPointer { e in
        for j in 0..<f { e[k * f + j] -= g * x[j] }
      }
    }
    for j in 0..<f { pre[j] = pre[j] * keep + x[j] }
  }

  mutating func postSpike(_ k: Int) {
    let f = features
    touched[k] = true
    spikedNow[k] = true
    pre.withUnsafeBufferPointer { x in
      eligibility.withUnsafeMutableBufferPointer { e in
        for j in 0..<f { e[k * f + j] += x[j] }
      }
    }
  }

  mutating func afterStep() {
    let keep = 1 - settings.postDecay
    for k in 0..<neurons {
      post[k] = post[k] * keep + (spikedNow[k] ? 1 : 0)
      spikedNow[k] = false
    }
  }

  mutating func endFrame() {
    let keep = 1 - settings.eligibilityDecay
    let f = features
    for k in 0..<neurons where touched[k] {
      eligibility.withUnsafeMutableBufferPointer { e in
        for j in 0..<f { e[k * f + j] *= keep }
      }
    }
  }
}
