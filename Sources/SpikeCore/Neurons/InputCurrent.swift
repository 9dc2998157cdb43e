/// Input currents used to characterise neurons, integer form (HyTSSN `Currents.py`): constant,
/// step, ramp and sine, as a drive in the neuron's state units at step n = 0, 1, 2, …
///
/// Mapping to the paper (dt = 1): `StepCurrent(threshold τ)` is `.step(switchStep: τ)`;
/// `MultiStepCurrent` is `.ramp`, without the paper's accumulation of other inputs into I;
/// `SineCurrent(ω)` is `.sine` with `phaseIncrement = round(ω/2π · 2³²)`. Noise is not modelled.
/// Every value saturates to the signed 24-bit state range.
public struct InputCurrent: Sendable, Equatable {
  /// The waveform.
  public enum Shape: Sendable, Equatable {
    /// The same level at every step.
    case constant(Int32)
    /// `initial` for steps `0..<switchStep`, then `final`.
    case step(initial: Int32, final: Int32, switchStep: Int)
    /// `initial + n·increment`, held at `final` once reached (either direction).
    case ramp(initial: Int32, increment: Int32, final: Int32)
    /// `offset + amplitude·sin(2π·n·phaseIncrement/2³²)`; the sine comes from a Q30 table.
    case sine(offset: Int32, amplitude: Int32, phaseIncrement: UInt32)
  }

  /// The waveform.
  public let shape: Shape

  /// Creates a current; every level must fit the 24-bit state.
  public init(_ shape: Shape) throws(InputCurrentError) {
    func check(_ name: String, _ value: Int32) throws(InputCurrentError) {
      if value < Widths.stateMin || value > Widths.stateMax {
        throw .levelOutOfRange(name: name, value: value)
      }
    }
    switch shape {
    case .constant(let level):
      try check("level", level)
    case .step(let initial, let final, let switchStep):
      try check("initial", initial)
      try check("final", final)
      if switchStep < 0 { throw .negativeSwitchStep(switchStep) }
    case .ramp(let initial, let increment, let final):
      try check("initial", initial)
      try check("increment", increment)
      try check("final", final)
    case .sine(let offset, let amplitude, _):
      try check("offset", offset)
      try check("amplitude", amplitude)
    }
    self.shape = shape
  }

  /// The current at step `n` (n ≥ 0).
  public func value(at n: Int) -> Int32 {
    precondition(n >= 0, "steps count from 0")
    switch shape {
    case .constant(let level):
      return level
    case .step(let initial, let final, let switchStep):
      return n < switchStep ? initial : final
    case .ramp(let initial, let increment, let final):
      let distance = Int64(final) - Int64(initial)
      // Not moving, or moving away from `final`: the paper's clip never engages.
      if increment == 0 || (distance != 0 && (distance > 0) != (increment > 0)) {
        if increment == 0 { return initial }
        // Bound n so the product cannot overflow; saturation then ends the ramp.
        return sat24(Int64(initial) + Int64(min(n, 1 << 25)) * Int64(increment))
      }
      // Steps needed to reach `final`; from then on the value holds.
      let needed = (abs(distance) + Int64(abs(increment)) - 1) / Int64(abs(increment))
      if Int64(n) >= needed { return final }
      return Int32(Int64(initial) + Int64(n) * Int64(increment))
    case .sine(let offset, let amplitude, let phaseIncrement):
      // Phase is a fraction of a turn in 32 bits: wraps by design once per period.
      let phase = UInt32(truncatingIfNeeded: n) &* phaseIncrement
      let sine = InputCurrentSineTable.sinQ30(phase: phase)
      // amplitude (24-bit) · sine (Q30, |·| ≤ 2³⁰) fits in 55 bits; round to nearest.
      let scaled = Int64(amplitude) * sine
      let rounded = scaled >= 0 ? (scaled + (1 << 29)) >> 30 : -((-scaled + (1 << 29)) >> 30)
      return sat24(Int64(offset) + rounded)
    }
  }

  /// Writes the current at step `n` into every element of `drive` (the same current for every
  /// neuron, as the paper's current behaviours do).
  public func fill(_ drive: inout [Int32], at n: Int) {
    let level = value(at: n)
    for index in drive.indices { drive[index] = level }
  }
}
