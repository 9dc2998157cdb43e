/// Parameters of the paper's exponential LIF neuron (HyTSSN `ELIF`) in either twin's numbers:
/// fixed point (`ExpLIFParameters`) or real (`FloatExpLIFParameters`). The fields mean the
/// same in both; units and ranges are the twin's, and each twin validates its own.
public struct ExpLIFSettings<Value: Sendable & Equatable>: Sendable, Equatable {
  /// Number of neurons.
  public var count: Int
  /// Resting potential `u_rest`, where the leak pulls.
  public var restPotential: Value
  /// Potential after a spike, `u_reset`.
  public var resetPotential: Value
  /// Spike when `u ≥ threshold` (the paper's `≥`, unlike the Loihi LIF's `>`).
  public var threshold: Value
  /// Rheobase `φ`: the exponential term equals `sharpness` at `u = φ`.
  public var rheobase: Value
  /// Sharpness `Δ` (> 0): the exponential term is `Δ·e^((u − φ)/Δ)`.
  public var sharpness: Value
  /// Euler factor `dt/τ`.
  public var leak: Value

  /// Creates parameters; the twin's layer `init` validates them.
  public init(
    count: Int, restPotential: Value, resetPotential: Value, threshold: Value, rheobase: Value,
    sharpness: Value, leak: Value
  ) {
    (self.count, self.restPotential, self.resetPotential, self.threshold, self.rheobase,
     self.sharpness, self.leak) =
      (count, restPotential, resetPotential, threshold, rheobase, sharpness, leak)
  }
}

/// The exponential LIF neuron in fixed point.
///
/// All potentials share one unit chosen by the caller; the input drive `R·I` comes in the same
/// unit. 2¹² per mV is a good default: 24 bits then span ±2 V, and a step changes u by whole
/// units only, so coarser units (2⁸ per mV) make slow approaches to threshold stall earlier and
/// shift spikes by a step or two (measured in SpikeReferenceTests' NeuronParityTests).
/// - Format: potentials and `sharpness` signed 24-bit in `Int32`; `leak` a 12-bit fraction of
///   4096 (1…4096; 410 ≈ dt/τ of 1/10).
public typealias ExpLIFParameters = ExpLIFSettings<Int32>

extension ExpLIFSettings<Int32> {
  /// Throws unless every field is in range.
  public func validate() throws(ExpLIFError) {
    if count < 1 { throw .noNeurons }
    try ExpLIFError.checkState("restPotential", restPotential)
    try ExpLIFError.checkState("resetPotential", resetPotential)
    try ExpLIFError.checkState("threshold", threshold)
    try ExpLIFError.checkState("rheobase", rheobase)
    try ExpLIFError.check("sharpness", Int(sharpness), in: 1...Int(Widths.stateMax))
    try ExpLIFError.check("leak", Int(leak), in: 1...Int(Widths.decayOne))
    if resetPotential >= threshold {
      throw .resetNotBelowThreshold(reset: resetPotential, threshold: threshold)
    }
  }
}
