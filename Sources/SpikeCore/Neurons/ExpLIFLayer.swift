/// A layer of the paper's exponential LIF neurons (HyTSSN `ELIF`) in fixed point,
/// "bit-approximate" to its float twin in SpikeReference: explicit Euler, one step per call,
///
/// ```
/// u ← sat24(u + round(dt/τ · (−(u − u_rest) + Δ·e^((u − φ)/Δ) + drive)))
/// if u ≥ θ { spike; u ← u_reset }
/// ```
/// with the exponential term from `ExpLIFExponentialTable` (Q8 of the state unit) and the Euler
/// product rounded to nearest, half away from zero. Rounding to nearest (rather than the LIF
/// neuron's trunc0 decay) keeps the fixed point at the float one: the rest point is
/// `u_rest + drive`, not 0.
/// State is allocated at init; `step` never allocates.
public struct ExpLIFLayer: Sendable {
  /// The validated parameters.
  public let parameters: ExpLIFParameters
  /// The exponential term's lookup table.
  public let exponential: ExpLIFExponentialTable
  /// Membrane potentials, signed 24-bit in state units.
  public private(set) var potential: [Int32]

  /// Creates a layer at rest; throws if a parameter is out of range.
  public init(parameters: ExpLIFParameters) throws(ExpLIFError) {
    try parameters.validate()
    self.parameters = parameters
    exponential = ExpLIFExponentialTable(
      rheobase: parameters.rheobase, sharpness: parameters.sharpness)
    potential = [Int32](repeating: parameters.restPotential, count: parameters.count)
  }

  /// Number of neurons.
  public var count: Int { parameters.count }

  /// Advances every neuron one step with drive `input` (`R·I` in state units, one per neuron)
  /// and writes the step's spikes to `spikes` at step `t`. Returns the number of spikes.
  @discardableResult
  public mutating func step(input: Span<Int32>, spikes: inout SpikePlanes, at t: Int) -> Int {
    spikes.clearStep(t, neurons: count, inputs: input.count)
    var fired = 0
    for i in 0..<count {
      let u = potential[i]
      let next = Self.integrate(
        u, drive: input[i], parameters: parameters, exponential: exponential, extraQ8: 0)
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

  /// One Euler step of the membrane, before the threshold test; `extraQ8` is any further term
  /// of the bracket in Q8 (AdEx passes −w there).
  static func integrate(
    _ u: Int32, drive: Int32, parameters p: ExpLIFParameters, exponential: ExpLIFExponentialTable,
    extraQ8: Int64
  ) -> Int32 {
    // Bracket in Q8: |terms| < 2³³, so the product with the 13-bit leak stays below 2⁴⁷.
    let bracketQ8 =
      ((Int64(p.restPotential) - Int64(u)) << 8) + exponential.termQ8(u)
      + (Int64(drive) << 8) + extraQ8
    // × leak/4096 and back from Q8: divide by 2²⁰, rounding to nearest.
    let du = Self.roundedShift(bracketQ8 * Int64(p.leak), by: 20)
    return sat24(Int64(u) + du)
  }

  /// `x / 2^s` rounded to nearest, ties away from zero (symmetric, so no drift either way).
  static func roundedShift(_ x: Int64, by s: Int64) -> Int64 {
    let half: Int64 = 1 << (s - 1)
    return x >= 0 ? (x + half) >> s : -((-x + half) >> s)
  }

  /// Sets every neuron back to its resting potential.
  public mutating func reset() {
    for i in 0..<count { potential[i] = parameters.restPotential }
  }

  /// The paper's random start (HyTSSN `LIF`/`ELIF`/`AELIF` init): `u = u_reset + ρ·U·(θ − u_reset)`
  /// with U uniform in [0, 1) from `rng` (one draw per neuron, in order) and ρ = `ratioQ8`/256
  /// (the paper's 1.1 is 282). A neuron that starts at or above θ is reset to `u_reset`, as the
  /// paper does after marking its initial spike (which is not emitted here).
  public mutating func scatterPotentials(using rng: inout Xorshift32, ratioQ8: Int32 = 282) {
    precondition(ratioQ8 >= 0 && ratioQ8 <= 1024, "ratioQ8 must be in 0...1024 (ρ from 0 to 4)")
    for i in 0..<count {
      potential[i] = Self.scatteredPotential(rng.next(), ratioQ8: ratioQ8, parameters: parameters)
    }
  }

  /// One neuron's random start from a 32-bit draw.
  static func scatteredPotential(_ draw: UInt32, ratioQ8: Int32, parameters p: ExpLIFParameters)
    -> Int32
  {
    // (θ − u_reset) < 2²⁵, × ratio (< 2¹⁶) × draw (< 2³²) < 2⁷³: split the product in two steps.
    let span = (Int64(p.threshold) - Int64(p.resetPotential)) * Int64(ratioQ8)  // Q8
    let offset = (span * Int64(draw >> 16)) >> 24  // × U with 16 bits of U, back from Q8
    let u = sat24(Int64(p.resetPotential) + offset)
    return u >= p.threshold ? p.resetPotential : u
  }

  /// Overwrites one neuron's potential (saturated to 24 bits).
  public mutating func setPotential(_ value: Int32, of neuron: Int) {
    potential[neuron] = sat24(Int64(value))
  }
}
