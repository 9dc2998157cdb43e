import SpikeCore

/// Float twin of `ExpLIFParameters`, in physical units (mV for potentials, `leak = dt/τ`).
public struct FloatExpLIFParameters: Sendable, Equatable {
  /// Number of neurons.
  public var count: Int
  /// Resting potential `u_rest`.
  public var restPotential: Float
  /// Potential after a spike.
  public var resetPotential: Float
  /// Spike when `u ≥ threshold`.
  public var threshold: Float
  /// Rheobase φ.
  public var rheobase: Float
  /// Sharpness Δ (> 0).
  public var sharpness: Float
  /// Euler factor `dt/τ`, in (0, 1].
  public var leak: Float

  /// Creates parameters; `FloatExpLIFLayer.init` validates them.
  public init(
    count: Int, restPotential: Float, resetPotential: Float, threshold: Float, rheobase: Float,
    sharpness: Float, leak: Float
  ) {
    self.count = count
    self.restPotential = restPotential
    self.resetPotential = resetPotential
    self.threshold = threshold
    self.rheobase = rheobase
    self.sharpness = sharpness
    self.leak = leak
  }

  /// The same neuron in fixed point, with `unitsPerMillivolt` state units per mV (e.g. 256).
  public func quantized(unitsPerMillivolt: Float) -> ExpLIFParameters {
    func q(_ x: Float) -> Int32 { Int32((x * unitsPerMillivolt).rounded()) }
    return ExpLIFParameters(
      count: count, restPotential: q(restPotential), resetPotential: q(resetPotential),
      threshold: q(threshold), rheobase: q(rheobase), sharpness: q(sharpness),
      leak: Int32((leak * 4096).rounded()))
  }

  /// Throws unless the values describe a usable neuron.
  public func validate() throws(ExpLIFError) {
    if count < 1 { throw .noNeurons }
    if !(sharpness > 0) { throw .parameterOutOfRange(name: "sharpness", value: Int(sharpness), allowed: 1...Int(Int32.max)) }
    if !(leak > 0 && leak <= 1) { throw .parameterOutOfRange(name: "leak", value: Int(leak * 4096), allowed: 1...4096) }
    if !(resetPotential < threshold) {
      throw .resetNotBelowThreshold(reset: Int32(resetPotential), threshold: Int32(threshold))
    }
  }
}
