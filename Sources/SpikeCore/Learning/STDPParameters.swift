/// Shape of the STDP window.
public enum STDPKernel: Sendable, Equatable {
  /// Δw proportional to the trace: exponential in the lag, with time constants set by the
  /// trace decays (the paper's `2·e^(−Δ/5)` / `−0.66·e^(Δ/20)` with `paperExponential`).
  case exponential
  /// Constant Δw for lags 1…`window − 1`, 0 beyond (the paper's flat ±0.6 kernel); traces
  /// count down from `window` and pair with the nearest spike only.
  case flat(window: UInt8)
}

/// How a spike changes its own trace (exponential kernel).
public enum TraceUpdate: Sendable, Equatable {
  /// Set to `maximum` (nearest-spike pairing).
  case nearest(maximum: UInt8)
  /// Add `increment`, saturating at 255 (all-pairs pairing while unsaturated).
  case additive(increment: UInt8)
}

/// Parameters of integer trace STDP (docs/ARCHITECTURE.md, "Kernels"):
/// ```
/// on post spike of i:  w_ij ← clamp(w_ij + sround(aPlus · x_j, s))
/// on pre spike of j:   w_ij ← clamp(w_ij − sround(aMinus · y_i, s))
/// ```
/// - Format: traces `UInt8`; decays 12-bit fractions; `aPlus`, `aMinus` in 0…2¹⁶;
///   `shift` 0…24; weights Int8 clamped by the projection's bounds.
public struct STDPParameters: Sendable, Equatable {
  /// Window shape.
  public var kernel: STDPKernel
  /// Trace update on a spike (exponential kernel only).
  public var update: TraceUpdate
  /// Pre-synaptic trace decay per step (12-bit fraction): the LTP time constant.
  public var preDecay: Int32
  /// Post-synaptic trace decay per step (12-bit fraction): the LTD time constant.
  public var postDecay: Int32
  /// LTP gain.
  public var aPlus: Int32
  /// LTD gain (a magnitude: LTD subtracts).
  public var aMinus: Int32
  /// Stochastic-rounding shift `s` applied to every update.
  public var shift: Int32
  /// When non-zero, each target neuron's incoming weights are rescaled to sum to this after
  /// each presented sample (integer: `w ← w · target / Σw`).
  public var normalizationTarget: Int

  /// Creates parameters.
  public init(
    kernel: STDPKernel = .exponential, update: TraceUpdate = .nearest(maximum: 255),
    preDecay: Int32, postDecay: Int32, aPlus: Int32, aMinus: Int32, shift: Int32 = 8,
    normalizationTarget: Int = 0
  ) {
    (self.kernel, self.update, self.preDecay, self.postDecay, self.aPlus, self.aMinus, self.shift,
     self.normalizationTarget) =
      (kernel, update, preDecay, postDecay, aPlus, aMinus, shift, normalizationTarget)
  }

  /// The paper's exponential kernel, `+2·e^(−Δ/5)` for pre before post and `−0.66·e^(Δ/20)`
  /// for post before pre (0 at Δ = 0), with one paper weight unit = `weightUnit` Int8 steps
  /// (1…255). Decays: 4096·(1 − e^(−1/5)) = 741.5 → 742 and 4096·(1 − e^(−1/20)) = 199.8 → 200.
  /// Gains at shift 12, rounded to nearest: `aPlus · 255 / 4096 = 2·unit`,
  /// `aMinus · 255 / 4096 = 0.66·unit` (shift 12 keeps the gains' rounding error below 1 %).
  public static func paperExponential(weightUnit: Int32) -> STDPParameters {
    STDPParameters(
      kernel: .exponential, update: .nearest(maximum: 255), preDecay: 742, postDecay: 200,
      aPlus: (16384 * weightUnit + 255) / 510, aMinus: (270_336 * weightUnit + 12750) / 25500,
      shift: 12)
  }

  /// The paper's flat kernel, ±0.6 paper units for lags 1…19 (`aPlus / 256 = 0.6·unit`).
  public static func paperFlat(weightUnit: Int32) -> STDPParameters {
    let gain = (1536 * weightUnit + 5) / 10
    return STDPParameters(
      kernel: .flat(window: 20), update: .nearest(maximum: 20), preDecay: 0, postDecay: 0,
      aPlus: gain, aMinus: gain, shift: 8)
  }

  /// Checks every range once.
  public func validate() throws(ConfigError) {
    try ConfigError.check("preDecay", Int(preDecay), 0, 4096)
    try ConfigError.check("postDecay", Int(postDecay), 0, 4096)
    try ConfigError.check("aPlus", Int(aPlus), 0, 1 << 16)
    try ConfigError.check("aMinus", Int(aMinus), 0, 1 << 16)
    try ConfigError.check("shift", Int(shift), 0, 24)
    try ConfigError.check("normalizationTarget", normalizationTarget, 0, 1 << 24)
    if case .flat(let window) = kernel {
      try ConfigError.check("flat window", Int(window), 1, 255)
    }
  }
}
