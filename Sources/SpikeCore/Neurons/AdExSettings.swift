/// Parameters of the paper's adaptive exponential LIF neuron (HyTSSN `AELIF`) in either twin's
/// numbers: the exponential LIF's, plus an adaptation variable `w` kept as the voltage `R·w` it
/// subtracts. Units and ranges are the twin's (`AdExParameters`, `FloatAdExParameters`).
public struct AdExSettings<Value: Sendable & Equatable>: Sendable, Equatable {
  /// The membrane's parameters (rest, reset, threshold, φ, Δ, dt/τ, count).
  public var membrane: ExpLIFSettings<Value>
  /// Subthreshold coupling `a·R`.
  public var coupling: Value
  /// Euler factor `dt/τ_w` of the adaptation.
  public var adaptationLeak: Value
  /// Spike-triggered increment of `R·w` (the paper adds `b·dt`, so `R·b·dt`).
  public var jump: Value

  /// The paper's quirk: on a spike step `w` sees the whole pre-reset `u`, overshoot included.
  /// The exponential term makes that overshoot huge and step-size dependent (a neuron at
  /// −31 mV with φ = −50, Δ = 2, dt/τ = 0.1 overshoots by ~2.7 V, adding ~13 mV to `w` with
  /// a·R = 0.5, dt/τ_w = 0.01), and the fixed-point state saturates it. Off (the default),
  /// `w` sees `min(u, θ)`.
  public var adaptsToOvershoot: Bool

  /// Creates parameters; the twin's layer `init` validates them.
  public init(
    membrane: ExpLIFSettings<Value>, coupling: Value, adaptationLeak: Value, jump: Value,
    adaptsToOvershoot: Bool = false
  ) {
    (self.membrane, self.coupling, self.adaptationLeak, self.jump, self.adaptsToOvershoot) =
      (membrane, coupling, adaptationLeak, jump, adaptsToOvershoot)
  }
}

/// The adaptive exponential LIF neuron in fixed point.
/// - Format: `coupling` signed Q12 (4096 = 1, −32768…32768), `adaptationLeak` a 12-bit
///   fraction (1…4096), `jump` signed 24-bit in state units.
public typealias AdExParameters = AdExSettings<Int32>

extension AdExSettings<Int32> {
  /// Throws unless every field is in range.
  public func validate() throws(ExpLIFError) {
    try membrane.validate()
    try ExpLIFError.check("coupling", Int(coupling), in: -32768...32768)
    try ExpLIFError.check("adaptationLeak", Int(adaptationLeak), in: 1...Int(Widths.decayOne))
    try ExpLIFError.checkState("jump", jump)
  }
}
