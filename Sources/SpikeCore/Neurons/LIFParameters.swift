/// Parameters of the integer CUBA LIF neuron (docs/ARCHITECTURE.md, "Kernels"): Loihi's
/// current-based leaky integrate and fire, plus a refractory period and an adaptive threshold θ.
///
/// - Format: decays are 12-bit fractions (0…4096, 4096 = full decay in one step); voltages and
///   thresholds are signed 24-bit in `Int32`; `thetaDecay` is a 16-bit fraction (0…65536).
public struct LIFParameters: Sendable, Equatable {
  /// Current decay `dI`, 0…4096. Lava's `du` maps to `du + 1` (its hidden `ds_offset`).
  public var currentDecay: Int32
  /// Voltage decay `dV`, 0…4096.
  public var voltageDecay: Int32
  /// Firing threshold `vTh`, 0…2²³ − 1; a neuron spikes when `v > vTh + θ` (strict).
  public var threshold: Int32
  /// Voltage after a spike and during the refractory period, signed 24-bit.
  public var resetVoltage: Int32
  /// Bias mantissa, signed 13-bit (−4096…4095), added as `biasMantissa << biasExponent`.
  public var biasMantissa: Int32
  /// Bias exponent, 0…10 (so the bias stays within 24 bits).
  public var biasExponent: Int32
  /// Refractory steps after a spike, 0…65535; the voltage is held at `resetVoltage` meanwhile.
  public var refractorySteps: Int32
  /// Threshold increment per spike (Diehl & Cook's θ⁺), 0…2²³ − 1.
  public var thetaPlus: Int32
  /// Slow θ decay per step, a 16-bit fraction 0…65536 (θ ← θ·(65536 − dθ)/65536, rounded
  /// stochastically).
  public var thetaDecay: Int32

  /// Creates parameters; the defaults are a plain non-adapting LIF with full current decay.
  public init(
    currentDecay: Int32 = 4096, voltageDecay: Int32 = 0, threshold: Int32,
    resetVoltage: Int32 = 0, biasMantissa: Int32 = 0, biasExponent: Int32 = 0,
    refractorySteps: Int32 = 0, thetaPlus: Int32 = 0, thetaDecay: Int32 = 0
  ) {
    (self.currentDecay, self.voltageDecay, self.threshold, self.resetVoltage, self.biasMantissa,
     self.biasExponent, self.refractorySteps, self.thetaPlus, self.thetaDecay) =
      (currentDecay, voltageDecay, threshold, resetVoltage, biasMantissa, biasExponent,
       refractorySteps, thetaPlus, thetaDecay)
  }

  /// Lava `PyLifModelBitAcc` settings: `du`, `dv` are Lava's 12-bit decays, `vth` its threshold
  /// mantissa (Lava shifts it left by 6), and inputs must be fed shifted left by 6 as well.
  public static func lava(
    du: Int32, dv: Int32, vth: Int32, biasMantissa: Int32 = 0, biasExponent: Int32 = 0
  ) -> LIFParameters {
    LIFParameters(
      currentDecay: du + 1, voltageDecay: dv, threshold: vth << 6,
      biasMantissa: biasMantissa, biasExponent: biasExponent)
  }

  /// The constant bias current `biasMantissa << biasExponent`.
  @inlinable
  public var bias: Int32 { biasMantissa << biasExponent }

  /// Checks every range once, so the step can rely on them.
  public func validate() throws(ConfigError) {
    try ConfigError.check("currentDecay", Int(currentDecay), 0, 4096)
    try ConfigError.check("voltageDecay", Int(voltageDecay), 0, 4096)
    try ConfigError.check("threshold", Int(threshold), 0, Int(Widths.stateMax))
    try ConfigError.check(
      "resetVoltage", Int(resetVoltage), Int(Widths.stateMin), Int(Widths.stateMax))
    try ConfigError.check("biasMantissa", Int(biasMantissa), -4096, 4095)
    try ConfigError.check("biasExponent", Int(biasExponent), 0, 10)
    try ConfigError.check("refractorySteps", Int(refractorySteps), 0, 65535)
    try ConfigError.check("thetaPlus", Int(thetaPlus), 0, Int(Widths.stateMax))
    try ConfigError.check("thetaDecay", Int(thetaDecay), 0, 65536)
  }
}
