import Foundation
import SpikeCore

/// Float twin of `ExpLIFLayer` (reference): explicit Euler with `exp`,
/// `u ← u + dt/τ·(−(u − u_rest) + Δ·e^((u − φ)/Δ) + drive)`; spike when `u ≥ θ`, then reset.
public struct FloatExpLIFLayer: Sendable {
  /// The validated parameters.
  public let parameters: FloatExpLIFParameters
  /// Membrane potentials.
  public private(set) var potential: [Float]

  /// Creates a layer at rest; throws if a parameter is out of range.
  public init(parameters: FloatExpLIFParameters) throws(ExpLIFError) {
    try parameters.validate()
    self.parameters = parameters
    potential = [Float](repeating: parameters.restPotential, count: parameters.count)
  }

  /// Number of neurons.
  public var count: Int { parameters.count }

  /// Advances every neuron one step with drive `input` (`R·I` in mV) and writes the step's
  /// spikes to `spikes` at step `t`. Returns the number of spikes.
  @discardableResult
  public mutating func step(input: Span<Float>, spikes: inout SpikePlanes, at t: Int) -> Int {
    precondition(input.count == count && spikes.count == count)
    spikes.clearStep(t)
    var fired = 0
    for i in 0..<count {
      let next = Self.integrate(potential[i], drive: input[i], parameters: parameters, extra: 0)
      if next >= parameters.threshold {
        spikes.set(step: t, channel: i)
        potential[i] = parameters.resetPotential
        fired += 1
      } else {
        potential[i] = next
      }
    }
    return fired
  }

  /// One Euler step of the membrane; `extra` is any further term of the bracket (AdEx: −w).
  static func integrate(_ u: Float, drive: Float, parameters p: FloatExpLIFParameters, extra: Float)
    -> Float
  {
    let exponential = p.sharpness * exp((u - p.rheobase) / p.sharpness)
    return u + p.leak * (-(u - p.restPotential) + exponential + drive + extra)
  }

  /// Sets every neuron back to its resting potential.
  public mutating func reset() {
    for i in 0..<count { potential[i] = parameters.restPotential }
  }

  /// The paper's random start, `u = u_reset + ρ·U·(θ − u_reset)`, from the same draws as
  /// `ExpLIFLayer.scatterPotentials` (U from the top 16 bits of each 32-bit draw).
  public mutating func scatterPotentials(using rng: inout Xorshift32, ratio: Float = 1.1) {
    for i in 0..<count {
      potential[i] = Self.scatteredPotential(rng.next(), ratio: ratio, parameters: parameters)
    }
  }

  /// One neuron's random start from a 32-bit draw.
  static func scatteredPotential(_ draw: UInt32, ratio: Float, parameters p: FloatExpLIFParameters)
    -> Float
  {
    let uniform = Float(draw >> 16) / 65536
    let u = p.resetPotential + ratio * uniform * (p.threshold - p.resetPotential)
    return u >= p.threshold ? p.resetPotential : u
  }

  /// Overwrites one neuron's potential.
  public mutating func setPotential(_ value: Float, of neuron: Int) { potential[neuron] = value }
}
