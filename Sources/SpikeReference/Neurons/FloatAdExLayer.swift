import SpikeCore

/// Float twin of `AdExLayer` (reference), in the paper's order: update u, test `u ≥ θ`, update
/// `w` with the pre-reset u (clamped at θ unless `adaptsToOvershoot`), add the jump and reset
/// u on a spike.
public struct FloatAdExLayer: Sendable {
  /// The validated parameters.
  public let parameters: FloatAdExParameters
  /// Membrane potentials, mV.
  public private(set) var potential: [Float]
  /// Adaptation `R·w`, mV.
  public private(set) var adaptation: [Float]

  /// Creates a layer at rest with no adaptation; throws if a parameter is out of range.
  public init(parameters: FloatAdExParameters) throws(ExpLIFError) {
    try parameters.validate()
    self.parameters = parameters
    potential = [Float](
      repeating: parameters.membrane.restPotential, count: parameters.membrane.count)
    adaptation = [Float](repeating: 0, count: parameters.membrane.count)
  }

  /// Number of neurons.
  public var count: Int { parameters.membrane.count }

  /// Advances every neuron one step with drive `input` (`R·I` in mV) and writes the step's
  /// spikes to `spikes` at step `t`. Returns the number of spikes.
  @discardableResult
  public mutating func step(input: Span<Float>, spikes: inout SpikePlanes, at t: Int) -> Int {
    precondition(input.count == count && spikes.count == count)
    spikes.clearStep(t)
    let membrane = parameters.membrane
    var fired = 0
    for i in 0..<count {
      let w = adaptation[i]
      let u = FloatExpLIFLayer.integrate(
        potential[i], drive: input[i], parameters: membrane, extra: -w)
      let spiked = u >= membrane.threshold
      let seen = parameters.adaptsToOvershoot ? u : min(u, membrane.threshold)
      var nextW =
        w + parameters.adaptationLeak * (parameters.coupling * (seen - membrane.restPotential) - w)
      if spiked {
        nextW += parameters.jump
        spikes.set(step: t, channel: i)
        potential[i] = membrane.resetPotential
        fired += 1
      } else {
        potential[i] = u
      }
      adaptation[i] = nextW
    }
    return fired
  }

  /// The paper's random start of the membrane (see `FloatExpLIFLayer.scatterPotentials`).
  public mutating func scatterPotentials(using rng: inout Xorshift32, ratio: Float = 1.1) {
    for i in 0..<count {
      potential[i] = FloatExpLIFLayer.scatteredPotential(
        rng.next(), ratio: ratio, parameters: parameters.membrane)
    }
  }

  /// Sets every neuron back to rest with no adaptation.
  public mutating func reset() {
    for i in 0..<count {
      potential[i] = parameters.membrane.restPotential
      adaptation[i] = 0
    }
  }
}
