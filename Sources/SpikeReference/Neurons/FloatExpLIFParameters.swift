import SpikeCore

/// Float twin of `ExpLIFParameters`, in physical units (mV for potentials, `leak = dt/τ` in
/// (0, 1]).
public typealias FloatExpLIFParameters = ExpLIFSettings<Float>

extension ExpLIFSettings<Float> {
  /// The same neuron in fixed point, with `unitsPerMillivolt` state units per mV (e.g. 4096).
  /// Values are rounded to nearest and saturated to Int32 (NaN gives 0); the integer layer's
  /// `init` then refuses anything outside its ranges.
  public func quantized(unitsPerMillivolt: Float) -> ExpLIFParameters {
    func q(_ x: Float) -> Int32 { FloatExpLIFConversion.int32(x * unitsPerMillivolt) }
    return ExpLIFParameters(
      count: count, restPotential: q(restPotential), resetPotential: q(resetPotential),
      threshold: q(threshold), rheobase: q(rheobase), sharpness: q(sharpness),
      leak: FloatExpLIFConversion.int32(leak * 4096))
  }

  /// Throws unless the values describe a usable neuron.
  public func validate() throws(ExpLIFError) {
    if count < 1 { throw .noNeurons }
    for (name, value) in [
      ("restPotential", restPotential), ("resetPotential", resetPotential),
      ("threshold", threshold),
      ("rheobase", rheobase), ("sharpness", sharpness), ("leak", leak),
    ] where !value.isFinite {
      throw .notFinite(name: name)
    }
    if !(sharpness > 0) {
      throw .parameterOutOfRange(
        name: "sharpness", value: FloatExpLIFConversion.int(sharpness), allowed: 1...Int(Int32.max))
    }
    if !(leak > 0 && leak <= 1) {
      throw .parameterOutOfRange(
        name: "leak", value: FloatExpLIFConversion.int(leak * 4096), allowed: 1...4096)
    }
    if !(resetPotential < threshold) {
      throw .resetNotBelowThreshold(
        reset: FloatExpLIFConversion.int32(resetPotential),
        threshold: FloatExpLIFConversion.int32(threshold))
    }
  }
}
