/// Integer reward-modulated STDP on one projection (DESIGN §4). Per step:
/// ```
/// e_ji ← (e_ji · (4096 − dE) + r) >> 12           // stochastic rounding, r from a counter hash
/// decay traces; e_ji += sround(aPlus·x_j, s) on post spike i (saturating Int16)
/// on pre spike j: e_ji −= sround(aMinus·y_i, s) when `modulatesDepression`, else
///                 w_ji ← clamp(w_ji − sround(aMinus·y_i, s)) (the paper's unmodulated LTD)
/// record this step's spikes
/// w_ji ← clamp(w_ji + sround(r_i · aR · e_ji, sR))   for every neuron i with reward r_i ≠ 0
///                                                    (aR = punishmentGain when r_i < 0)
/// ```
/// Its real-valued twin in SpikeReference is bit-approximate (stochastic rounding differs).
public struct RSTDPRule: Sendable, Equatable {
  /// Validated parameters.
  public let parameters: RSTDPParameters
  /// The traces.
  public internal(set) var traces: SpikeTraces
  /// Eligibility per synapse, same layout as the weights.
  public internal(set) var eligibility: [Int16]
  /// Random stream for eligibility and weight rounding.
  public var rng: Xorshift32

  /// Creates the rule for a `preCount × postCount` projection.
  public init(
    parameters: RSTDPParameters, preCount: Int, postCount: Int, seed: UInt32
  ) throws(ConfigError) {
    try parameters.validate()
    self.parameters = parameters
    traces = SpikeTraces(
      preCount: preCount, postCount: postCount, parameters: parameters.pairing,
      seed: seed ^ 0x5DEE_CE66)
    eligibility = [Int16](repeating: 0, count: preCount * postCount)
    rng = Xorshift32(seed: seed ^ 0x2545_F491)
  }

  /// Clears traces and eligibility.
  public mutating func reset() {
    traces.reset()
    for k in eligibility.indices { eligibility[k] = 0 }
  }

  @inline(__always)
  mutating func addEligibility(_ delta: Int32, at k: Int) {
    eligibility[k] = Int16(clamping: Int32(eligibility[k]) + delta)
  }

  /// One learning step; `reward[i]` is neuron `i`'s signed reward this step (−1, 0, +1, …).
  public mutating func step(
    preWords: [UInt64], offset: Int, post: [Bool], reward: [Int32],
    synapses: inout SynapseMatrix
  ) {
    precondition(post.count == synapses.postCount && reward.count == synapses.postCount)
    let n = synapses.postCount
    let pairing = parameters.pairing
    if parameters.eligibilityDecay != 0 {
      let keep = Int32(4096 - parameters.eligibilityDecay)
      let key = rng.next()
      eligibility.withUnsafeMutableBufferPointer { e in
        for k in 0..<e.count {
          // Stochastic rounding, not trunc0: eligibility lives at a few LSB, where truncation
          // would roughly halve its lifetime. Offsets from a counter hash keep the loop
          // branch-free (0 stays 0: the offset is below 4096); 16 × 13 bits fit Int32.
          let r = Int32(bitPattern: lowbias32(key &+ UInt32(truncatingIfNeeded: k)) & 4095)
          e[k] = Int16(truncatingIfNeeded: (Int32(e[k]) &* keep &+ r) &>> 12)
        }
      }
    }
    traces.decay()
    for i in 0..<n where post[i] {
      for j in 0..<synapses.preCount {
        let x = traces.pre[j]
        if x == 0 || !synapses.isConnected(j * n + i) { continue }
        addEligibility(
          sround(pairing.aPlus * traces.factor(x), shift: pairing.shift, rng: &rng), at: j * n + i)
      }
    }
    let wordCount = (synapses.preCount + 63) >> 6
    for wi in 0..<wordCount {
      var bits = preWords[offset + wi]
      while bits != 0 {
        let j = wi << 6 | bits.trailingZeroBitCount
        bits &= bits &- 1
        for i in 0..<n {
          let y = traces.post[i]
          if y == 0 || !synapses.isConnected(j * n + i) { continue }
          let ltd = sround(pairing.aMinus * traces.factor(y), shift: pairing.shift, rng: &rng)
          if parameters.modulatesDepression {
            addEligibility(-ltd, at: j * n + i)
          } else {
            synapses.add(-ltd, at: j * n + i)
          }
        }
      }
    }
    traces.record(preWords: preWords, offset: offset, post: post)
    // Reward: eligibility becomes weight change where the neuron is rewarded or punished.
    for j in 0..<synapses.preCount {
      for i in 0..<n where reward[i] != 0 {
        let k = j * n + i
        let e = Int32(eligibility[k])
        if e == 0 || !synapses.isConnected(k) { continue }
        // Widen: reward · gain · eligibility can pass 2³¹ for large rewards; clamp first.
        let gain = reward[i] > 0 ? parameters.rewardGain : parameters.punishmentGain
        let product = Int32(clamping: Int64(reward[i]) * Int64(gain) * Int64(e))
        synapses.add(sround(product, shift: parameters.rewardShift, rng: &rng), at: k)
      }
    }
  }
}
