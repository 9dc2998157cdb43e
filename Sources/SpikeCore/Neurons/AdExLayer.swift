/// A layer of the paper's adaptive exponential LIF neurons (HyTSSN `AELIF`) in fixed point,
/// "bit-approximate" to its float twin in SpikeReference. Per step, in the paper's order:
///
/// ```
/// u ← sat24(u + round(dt/τ · (−(u − u_rest) + Δ·e^((u − φ)/Δ) − w + drive)))
/// spike ← u ≥ θ
/// w ← sat(w + round(dt/τ_w · (a·R·(min(u, θ) − u_rest) − w)))   // pre-reset u, clamped
/// if spike { w ← sat(w + jump); u ← u_reset }
/// ```
/// (`adaptsToOvershoot` uses the unclamped u, as the paper does), and `w` is held as the voltage `R·w`, with 8 fraction bits beyond the state unit: with a
/// slow adaptation (dt/τ_w ≈ 1/100) a whole-unit `w` would stop moving once
/// `|a·R·(u − u_rest) − w| < 50` units and settle visibly off the float value.
/// State is allocated at init; `step` never allocates.
public struct AdExLayer: Sendable {
  /// The validated parameters.
  public let parameters: AdExParameters
  /// The exponential term's lookup table.
  public let exponential: ExpLIFExponentialTable
  /// Membrane potentials, signed 24-bit in state units.
  public private(set) var potential: [Int32]
  /// Adaptation `R·w` in Q8 of the state unit: the 24-bit state range with 8 fraction bits.
  public private(set) var adaptationQ8: [Int32]

  /// Creates a layer at rest with no adaptation; throws if a parameter is out of range.
  public init(parameters: AdExParameters) throws(ExpLIFError) {
    try parameters.validate()
    self.parameters = parameters
    let membrane = parameters.membrane
    exponential = ExpLIFExponentialTable(rheobase: membrane.rheobase, sharpness: membrane.sharpness)
    potential = [Int32](repeating: membrane.restPotential, count: membrane.count)
    adaptationQ8 = [Int32](repeating: 0, count: membrane.count)
  }

  /// Adaptation `R·w` of one neuron in state units, rounded to nearest.
  public func adaptation(of neuron: Int) -> Int32 {
    Int32(truncatingIfNeeded: ExpLIFLayer.roundedShift(Int64(adaptationQ8[neuron]), by: 8))
  }

  /// Saturates a Q8 adaptation to the 24-bit state range with 8 fraction bits (an `Int32`).
  static func sat32(_ x: Int64) -> Int32 { Int32(clamping: x) }

  /// Number of neurons.
  public var count: Int { parameters.membrane.count }

  /// Advances every neuron one step with drive `input` (`R·I` in state units, one per neuron)
  /// and writes the step's spikes to `spikes` at step `t`. Returns the number of spikes.
  @discardableResult
  public mutating func step(input: Span<Int32>, spikes: inout SpikePlanes, at t: Int) -> Int {
    spikes.clearStep(t, neurons: count, inputs: input.count)
    let membrane = parameters.membrane
    var fired = 0
    for i in 0..<count {
      let wQ8 = Int64(adaptationQ8[i])
      let u = ExpLIFLayer.integrate(
        potential[i], drive: input[i], parameters: membrane, exponential: exponential, extraQ8: -wQ8
      )
      let spiked = u >= membrane.threshold
      // a·R (Q12) × (u − u_rest) (25 bits) is below 2⁴¹, w in Q12 below 2³⁵; × the 13-bit leak
      // stays below 2⁵⁴. From Q12 · Q12 to Q8: divide by 2¹⁶, rounding to nearest.
      let seen = parameters.adaptsToOvershoot ? u : min(u, membrane.threshold)
      let driveQ12 =
        Int64(parameters.coupling) * (Int64(seen) - Int64(membrane.restPotential)) - (wQ8 << 4)
      var nextW = Self.sat32(
        wQ8 + ExpLIFLayer.roundedShift(driveQ12 * Int64(parameters.adaptationLeak), by: 16))
      if spiked {
        nextW = Self.sat32(Int64(nextW) + (Int64(parameters.jump) << 8))
        spikes.set(step: t, channel: i)
        potential[i] = membrane.resetPotential
        fired += 1
      } else {
        potential[i] = u
      }
      adaptationQ8[i] = nextW
    }
    return fired
  }

  /// The paper's random start of the membrane (see `ExpLIFLayer.scatterPotentials`); w stays.
  public mutating func scatterPotentials(using rng: inout Xorshift32, ratioQ8: Int32 = 282) {
    precondition(ratioQ8 >= 0 && ratioQ8 <= 1024, "ratioQ8 must be in 0...1024 (ρ from 0 to 4)")
    for i in 0..<count {
      potential[i] = ExpLIFLayer.scatteredPotential(
        rng.next(), ratioQ8: ratioQ8, parameters: parameters.membrane)
    }
  }

  /// Sets every neuron back to rest with no adaptation.
  public mutating func reset() {
    for i in 0..<count {
      potential[i] = parameters.membrane.restPotential
      adaptationQ8[i] = 0
    }
  }
}
