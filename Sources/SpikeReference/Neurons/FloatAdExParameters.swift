import SpikeCore

/// Float twin of `AdExParameters`: the membrane's parameters plus `a·R`, `dt/τ_w` in (0, 1]
/// and the spike-triggered jump of `R·w` (mV).
public typealias FloatAdExParameters = AdExSettings<Float>

extension AdExSettings<Float> {
  /// The same neuron in fixed point, with `unitsPerMillivolt` state units per mV.
  public func quantized(unitsPerMillivolt: Float) -> AdExParameters {
    AdExParameters(
      membrane: membrane.quantized(unitsPerMillivolt: unitsPerMillivolt),
      coupling: FloatExpLIFConversion.int32(coupling * 4096),
      adaptationLeak: FloatExpLIFConversion.int32(adaptationLeak * 4096),
      jump: FloatExpLIFConversion.int32(jump * unitsPerMillivolt),
      adaptsToOvershoot: adaptsToOvershoot)
  }

  /// Throws unless the values describe a usable neuron.
  public func validate() throws(ExpLIFError) {
    try membrane.validate()
    for (name, value) in [
      ("coupling", coupling), ("adaptationLeak", adaptationLeak), ("jump", jump),
    ]
    where !value.isFinite {
      throw .notFinite(name: name)
    }
    if !(adaptationLeak > 0 && adaptationLeak <= 1) {
      throw .parameterOutOfRange(
        name: "adaptationLeak", value: FloatExpLIFConversion.int(adaptationLeak * 4096),
        allowed: 1...4096)
    }
  }
}
