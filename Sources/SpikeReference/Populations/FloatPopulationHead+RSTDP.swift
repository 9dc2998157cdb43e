extension FloatPopulationHead {
  /// One R-STDP trial: runs `window` with traces, decides, then rewards.
  ///
  /// Reward per population (a per-neuron reward in the paper's sense, set by the outcome): +1
  /// for the true class's population, −1 for every other population that spiked at least as
  /// often as it (the competitors that won or tied), 0 for the rest. Then
  /// `w_k ← clamp(w_k + rate · limit · r_k · e_k / max|e|)`: the largest step is `rate · limit`,
  /// whatever the feature scale. Thresholds adapt towards `targetSpikes` per window
  /// (homeostasis, so a silent population gets a chance to fire), and inhibition follows the
  /// mean threshold. Returns the decision made before learning.
  public mutating func learn(
    _ window: [Float], label: Int, settings: PopulationRSTDPSettings,
    traces: inout PopulationRSTDPTraces
  ) -> FloatDecision {
    precondition(label >= 0 && label < config.classes, "label out of range")
    if traces.state == nil || traces.state!.features != config.features
      || traces.state!.neurons != config.neurons || traces.state!.settings != settings
    {
      traces.state = FloatPopulationTraces(
        features: config.features, neurons: config.neurons, settings: settings)
    }
    var state = traces.state.take()
    run(window, traces: &state)
    traces.state = state
    let decided = decision()
    let f = config.features
    let n = config.neurons
    var reward = [Float](repeating: 0, count: config.classes)
    for p in 0..<config.classes {
      if p == label {
        reward[p] = 1
      } else if counts[p] > 0 && Float(counts[p]) >= settings.punishFraction * Float(counts[label])
      {
        reward[p] = -1
      }
    }
    guard var e = traces.state?.eligibility else { return decided }
    if settings.featureScale.count == f {
      for k in 0..<n where traces.state!.touched[k] {
        for j in 0..<f { e[k * f + j] /= settings.featureScale[j] }
      }
    }
    var largest: Float = 0
    for k in 0..<n where reward[k / config.perClass] != 0 && traces.state!.touched[k] {
      for j in 0..<f { largest = max(largest, abs(e[k * f + j])) }
    }
    if largest > 0 {
      let step = settings.learningRate * settings.weightLimit / largest
      let limit = settings.weightLimit
      parameters.weights.withUnsafeMutableBufferPointer { w in
        for k in 0..<n where traces.state!.touched[k] {
          let r = reward[k / config.perClass]
          if r == 0 { continue }
          for j in 0..<f {
            w[k * f + j] = min(max(w[k * f + j] + step * r * e[k * f + j], -limit), limit)
          }
        }
      }
    }
    var mean: Float = 0
    for k in 0..<n {
      let change = settings.homeostasisRate * (Float(neuronCounts[k]) - settings.targetSpikes)
      parameters.thresholds[k] *= min(max(1 + change, 0.5), 2)
      parameters.thresholds[k] = max(parameters.thresholds[k], 1e-6)
      mean += parameters.thresholds[k]
    }
    parameters.inhibition = settings.inhibitionRatio * mean / Float(n)
    parameters.selfInhibition = settings.selfInhibitionRatio * mean / Float(n)
    return decided
  }

  /// Sets every threshold to `factor` times the neuron's mean per-frame input over `windows`
  /// (a data-scaled start for training), and inhibition to match.
  public mutating func scaleThresholds(
    to windows: [[Float]], factor: Float, settings: PopulationRSTDPSettings
  ) {
    let n = config.neurons
    let f = config.features
    var sums = [Float](repeating: 0, count: n)
    var frames: Float = 0
    for window in windows {
      for t in 0..<config.tokens {
        for k in 0..<n {
          var s: Float = 0
          for j in 0..<f { s += parameters.weights[k * f + j] * window[t * f + j] }
          sums[k] += s
        }
        frames += 1
      }
    }
    var mean: Float = 0
    for k in 0..<n {
      parameters.thresholds[k] = max(factor * sums[k] / max(frames, 1), 1e-3)
      mean += parameters.thresholds[k]
    }
    parameters.inhibition = settings.inhibitionRatio * mean / Float(n)
    parameters.selfInhibition = settings.selfInhibitionRatio * mean / Float(n)
  }
}

/// The learning buffers `FloatPopulationHead.learn` reuses across trials (allocated on first
/// use, so inference never carries them).
public struct PopulationRSTDPTraces: Sendable {
  var state: FloatPopulationTraces?
  /// Empty buffers.
  public init() {}
}
