public import SpikeCore

/// Float twin of `LIFParameters`: the same neuron with real-valued decays (fractions 0…1) and
/// voltages in the integer model's units (1.0 = one LSB of the 24-bit state).
public struct FloatLIFParameters: Sendable, Equatable {
  /// Current decay per step, 0…1.
  public var currentDecay: Float
  /// Voltage decay per step, 0…1.
  public var voltageDecay: Float
  /// Firing threshold; a neuron spikes when `v > threshold + θ`.
  public var threshold: Float
  /// Voltage after a spike and during the refractory period.
  public var resetVoltage: Float
  /// Constant bias current.
  public var bias: Float
  /// Refractory steps after a spike.
  public var refractorySteps: Int
  /// Threshold increment per spike.
  public var thetaPlus: Float
  /// θ decay per step, 0…1.
  public var thetaDecay: Float

  /// Creates parameters (same defaults as the integer twin).
  public init(
    currentDecay: Float = 1, voltageDecay: Float = 0, threshold: Float, resetVoltage: Float = 0,
    bias: Float = 0, refractorySteps: Int = 0, thetaPlus: Float = 0, thetaDecay: Float = 0
  ) {
    (self.currentDecay, self.voltageDecay, self.threshold, self.resetVoltage, self.bias,
     self.refractorySteps, self.thetaPlus, self.thetaDecay) =
      (currentDecay, voltageDecay, threshold, resetVoltage, bias, refractorySteps, thetaPlus,
       thetaDecay)
  }

  /// The real-valued model the integer parameters approximate.
  public init(_ fixed: LIFParameters) {
    self.init(
      currentDecay: Float(fixed.currentDecay) / 4096,
      voltageDecay: Float(fixed.voltageDecay) / 4096,
      threshold: Float(fixed.threshold), resetVoltage: Float(fixed.resetVoltage),
      bias: Float(fixed.bias), refractorySteps: Int(fixed.refractorySteps),
      thetaPlus: Float(fixed.thetaPlus), thetaDecay: Float(fixed.thetaDecay) / 65536)
  }

  /// Checks every range once.
  public func validate() throws(ConfigError) {
    for (name, value) in [
      ("currentDecay", currentDecay), ("voltageDecay", voltageDecay),
      ("thetaDecay", thetaDecay),
    ]
    where !(value >= 0 && value <= 1) {
      throw .inconsistent("\(name) = \(value) must be a fraction in 0...1")
    }
    if !threshold.isFinite || threshold < 0 {
      throw .inconsistent("threshold = \(threshold) must be finite and non-negative")
    }
    try ConfigError.check("refractorySteps", refractorySteps, 0, 65535)
    if !(thetaPlus >= 0) { throw .inconsistent("thetaPlus = \(thetaPlus) must be >= 0") }
  }
}
