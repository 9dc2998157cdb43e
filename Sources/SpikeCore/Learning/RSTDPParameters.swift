/// Parameters of integer R-STDP (docs/ARCHITECTURE.md, "Kernels"): the STDP pair terms
/// accumulate into a decaying Int16 eligibility `e_ji`, and a reward `r` turns eligibility into
/// weight change:
/// `w_ji ← clamp(w_ji + sround(r · aR · e_ji, sR))`.
/// - Format: eligibility Int16, saturating; decays 12-bit fractions; `rewardGain` 0…2¹⁶,
///   `rewardShift` 0…24.
public struct RSTDPParameters: Sendable, Equatable {
  /// The pair terms (traces, kernel, gains and shift into eligibility units).
  public var pairing: STDPParameters
  /// Eligibility decay per step (12-bit fraction), rounding toward zero.
  public var eligibilityDecay: Int32
  /// Reward gain `aR` for a positive reward.
  public var rewardGain: Int32
  /// Gain for a negative reward (punishment). With one rewarded class against C − 1 punished
  /// ones, `rewardGain ≈ (C − 1) · punishmentGain` keeps the schedule balanced; otherwise
  /// punishment outweighs reward and every synapse decays (what the paper's toy run shows).
  public var punishmentGain: Int32
  /// Stochastic-rounding shift `sR` of the weight update.
  public var rewardShift: Int32
  /// Whether the post-before-pre (LTD) term goes into eligibility too (the form in
  /// docs/ARCHITECTURE.md, "Kernels"), or is applied to the weights directly whatever the
  /// reward (the paper's code: only the causal pre-before-post pairing is reward-modulated).
  /// With both terms modulated, a punished neuron's anti-causal pairs *strengthen* it, which can
  /// invert learning at high rates.
  public var modulatesDepression: Bool

  /// Creates parameters.
  public init(
    pairing: STDPParameters, eligibilityDecay: Int32, rewardGain: Int32,
    punishmentGain: Int32? = nil, rewardShift: Int32, modulatesDepression: Bool = false
  ) {
    (self.pairing, self.eligibilityDecay, self.rewardGain) = (pairing, eligibilityDecay, rewardGain)
    self.punishmentGain = punishmentGain ?? rewardGain
    (self.rewardShift, self.modulatesDepression) = (rewardShift, modulatesDepression)
  }

  /// Checks every range once.
  public func validate() throws(ConfigError) {
    try pairing.validate()
    try ConfigError.check("eligibilityDecay", Int(eligibilityDecay), 0, 4096)
    try ConfigError.check("rewardGain", Int(rewardGain), 0, 1 << 16)
    try ConfigError.check("punishmentGain", Int(punishmentGain), 0, 1 << 16)
    try ConfigError.check("rewardShift", Int(rewardShift), 0, 24)
  }
}

/// The reward a network's R-STDP projections receive while it learns.
public enum Reward: Sendable, Equatable {
  /// No reward: eligibility still accumulates and decays, weights stay.
  case none
  /// One signed reward for every neuron (plain ±1, or any small integer).
  case global(Int32)
  /// The paper's per-neuron schedule for a labelled sample: the target layer's column `label`
  /// (its class population) gets code 1 (strengthen), every other population code 2 (weaken).
  case label(Int)
  /// The paper's codes per target neuron: 1 = strengthen (+1), 2 = weaken (−1), 0 = none.
  case codes([UInt8])

  /// Signed reward of the paper's code (1 → +1, 2 → −1, anything else → 0).
  @inlinable
  public static func value(ofCode code: UInt8) -> Int32 {
    code == 1 ? 1 : (code == 2 ? -1 : 0)
  }
}

extension Reward {
  /// This reward per neuron of a layer whose neurons form `columns` equal populations (the
  /// schedule R-STDP projections apply), written into `rewards`.
  public func fill(_ rewards: inout [Int32], columns: Int) {
    let size = rewards.count / columns
    for i in rewards.indices {
      switch self {
      case .none: rewards[i] = 0
      case .global(let r): rewards[i] = r
      case .label(let label): rewards[i] = i / size == label ? 1 : -1
      case .codes(let codes): rewards[i] = i < codes.count ? Reward.value(ofCode: codes[i]) : 0
      }
    }
  }
}
