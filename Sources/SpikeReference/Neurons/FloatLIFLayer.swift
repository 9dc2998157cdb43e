public import SpikeCore

/// Float twin of `LIFLayer`: the same step order, real arithmetic, no rounding or saturation.
public struct FloatLIFLayer: Sendable {
  /// Number of neurons.
  public let count: Int
  /// Validated parameters.
  public private(set) var parameters: FloatLIFParameters
  /// Synaptic current per neuron.
  public internal(set) var current: [Float]
  /// Membrane potential per neuron.
  public internal(set) var voltage: [Float]
  /// Refractory steps left per neuron.
  public internal(set) var refractory: [Int]
  /// Adaptive threshold θ per neuron, kept in [−threshold, ∞).
  public internal(set) var theta: [Float]
  /// Neurons above threshold after the last `integrate`.
  public internal(set) var candidates: [Bool]
  /// The membrane equation (`NeuronModel`; LIF unless built with another).
  public let model: NeuronModel
  /// The exponential models' constants (nil for LIF).
  let exponential: FloatExponentialConstants?
  /// AdEx adaptation `w` per neuron (empty for the other models).
  public internal(set) var adaptation: [Float]

  /// Creates `count` neurons at rest following `model`; throws if a parameter is out of range.
  public init(count: Int, parameters: FloatLIFParameters, model: NeuronModel = .lif)
    throws(ConfigError)
  {
    try ConfigError.check("neuron count", count, 0, 1 << 24)
    try parameters.validate()
    try model.validate(voltageDecay: parameters.voltageDecay > 0 ? 1 : 0)
    (self.count, self.parameters, self.model) = (count, parameters, model)
    exponential = FloatExponentialConstants(model, threshold: parameters.threshold)
    adaptation = [Float](repeating: 0, count: model.adaptation == nil ? 0 : count)
    current = [Float](repeating: 0, count: count)
    voltage = [Float](repeating: 0, count: count)
    refractory = [Int](repeating: 0, count: count)
    theta = [Float](repeating: 0, count: count)
    candidates = [Bool](repeating: false, count: count)
  }

  /// Returns every neuron to rest; θ too unless `keepingTheta` (θ learned by homeostasis is
  /// kept between samples, like weights).
  public mutating func reset(keepingTheta: Bool = false) {
    for j in 0..<count {
      current[j] = 0
      voltage[j] = 0
      refractory[j] = 0
      if !keepingTheta { theta[j] = 0 }
      candidates[j] = false
    }
    for j in adaptation.indices { adaptation[j] = 0 }
  }

  // MARK: - Step

  /// Integrates input `a` and marks the neurons over threshold in `candidates`.
  public mutating func integrate(input: [Float]) {
    precondition(input.count == count, "input must have one value per neuron")
    if let exponential {
      integrateExponential(input: input, exponential)
      return
    }
    let p = parameters
    for j in 0..<count {
      let i = floatDecay(current[j], p.currentDecay) + input[j]
      current[j] = i
      let v = floatDecay(voltage[j], p.voltageDecay) + i + p.bias
      if refractory[j] > 0 {
        refractory[j] -= 1
        voltage[j] = p.resetVoltage
        candidates[j] = false
      } else {
        voltage[j] = v
        candidates[j] = v > p.threshold + theta[j]
      }
    }
  }

  /// Fires `spikes`, resets the losing candidates, and decays θ.
  public mutating func settle(spikes: [Bool]) {
    precondition(spikes.count == count, "spikes must have one flag per neuron")
    let p = parameters
    for j in 0..<count where candidates[j] {
      voltage[j] = p.resetVoltage
      if spikes[j] {
        refractory[j] = p.refractorySteps
        theta[j] += p.thetaPlus
        if let jump = exponential?.jump { adaptation[j] += jump }
      }
    }
    if p.thetaDecay != 0 {
      for j in 0..<count { theta[j] *= 1 - p.thetaDecay }
    }
  }

  /// One full step with no competition: every candidate fires.
  public mutating func step(input: [Float], spikes: inout [Bool]) {
    integrate(input: input)
    precondition(spikes.count == count, "spikes must have one flag per neuron")
    for j in 0..<count { spikes[j] = candidates[j] }
    settle(spikes: spikes)
  }

  /// Switches the adaptive threshold's learning on or off (see `LIFLayer`); `decay` is the
  /// integer description's 16-bit fraction.
  public mutating func setThetaAdaptation(plus: Int32, decay: Int32) throws(ConfigError) {
    var p = parameters
    p.thetaPlus = Float(plus)
    p.thetaDecay = Float(decay) / 65536
    try p.validate()
    parameters = p
  }

  /// Adds `delta` to θ of neuron `j`, keeping `threshold + θ ≥ 0` (homeostasis).
  public mutating func adjustTheta(_ j: Int, by delta: Float) {
    theta[j] = max(-parameters.threshold, theta[j] + delta)
  }
}

extension FloatLIFLayer: ThetaAdaptingLayer {}
