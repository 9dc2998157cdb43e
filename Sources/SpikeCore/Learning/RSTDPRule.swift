/// Integer reward-modulated STDP on one projection (docs/ARCHITECTURE.md, "Kernels"). Per step:
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
  /// Eligibility per stored synapse, in the weights' slots.
  public internal(set) var eligibility: [Int16]
  /// Random stream for eligibility and weight rounding.
  public var rng: Xorshift32
  /// Dense index `j · postCount + i` of each slot, keying the eligibility decay's rounding
  /// offsets (empty when the slots are the dense indices).
  var denseIndex: [Int32]

  /// Creates the rule for a `preCount × postCount` all-to-all projection.
  public init(
    parameters: RSTDPParameters, preCount: Int, postCount: Int, seed: UInt32
  ) throws(ConfigError) {
    try self.init(
      parameters: parameters, layout: .full(preCount: preCount, postCount: postCount), seed: seed)
  }

  /// Creates the rule for a projection with `layout`.
  public init(parameters: RSTDPParameters, layout: SynapseLayout, seed: UInt32) throws(ConfigError)
  {
    try parameters.validate()
    self.parameters = parameters
    traces = SpikeTraces(
      preCount: layout.preCount, postCount: layout.postCount, parameters: parameters.pairing,
      seed: seed ^ 0x5DEE_CE66)
    eligibility = [Int16](repeating: 0, count: layout.synapseCount)
    rng = Xorshift32(seed: seed ^ 0x2545_F491)
    var index: [Int32] = []
    if !layout.isFull {
      index = [Int32](repeating: 0, count: layout.synapseCount)
      layout.forEachSynapse { j, i, slot in index[slot] = Int32(j * layout.postCount + i) }
    }
    denseIndex = index
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
    precondition(eligibility.count == synapses.weights.count, "eligibility must match the slots")
    let n = synapses.postCount
    let layout = synapses.layout
    let pairing = parameters.pairing
    if parameters.eligibilityDecay != 0 {
      let keep = Int32(4096 - parameters.eligibilityDecay)
      let key = rng.next()
      let index = denseIndex
      eligibility.withUnsafeMutableBufferPointer { e in
        for k in 0..<e.count {
          // Stochastic rounding, not trunc0: eligibility lives at a few LSB, where truncation
          // would roughly halve its lifetime. Offsets from a counter hash keep the loop
          // branch-free (0 stays 0: the offset is below 4096); 16 × 13 bits fit Int32. The
          // hash is keyed by the dense index, so storage does not change the rounding.
          let d = index.isEmpty ? UInt32(truncatingIfNeeded: k) : UInt32(bitPattern: index[k])
          let r = Int32(bitPattern: lowbias32(key &+ d) & 4095)
          e[k] = Int16(truncatingIfNeeded: (Int32(e[k]) &* keep &+ r) &>> 12)
        }
      }
    }
    traces.decay()
    for i in 0..<n where post[i] {
      layout.forEachInColumn(i) { j, slot in
        let x = traces.pre[j]
        if x == 0 { return }
        addEligibility(
          sround(pairing.aPlus * traces.factor(x), shift: pairing.shift, rng: &rng), at: slot)
      }
    }
    SpikeBits.forEach(in: preWords, offset: offset, count: synapses.preCount) { j in
      layout.forEachInRow(j) { i, slot in
        let y = traces.post[i]
        if y == 0 { return }
        let ltd = sround(pairing.aMinus * traces.factor(y), shift: pairing.shift, rng: &rng)
        if parameters.modulatesDepression {
          addEligibility(-ltd, at: slot)
        } else {
          synapses.add(-ltd, slot: slot)
        }
      }
    }
    traces.record(preWords: preWords, offset: offset, post: post)
    // Reward: eligibility becomes weight change where the neuron is rewarded or punished.
    layout.forEachSynapse { _, i, slot in
      if reward[i] == 0 { return }
      let e = Int32(eligibility[slot])
      if e == 0 { return }
      // Widen: reward · gain · eligibility can pass 2³¹ for large rewards; clamp first.
      let gain = reward[i] > 0 ? parameters.rewardGain : parameters.punishmentGain
      let product = Int32(clamping: Int64(reward[i]) * Int64(gain) * Int64(e))
      synapses.add(sround(product, shift: parameters.rewardShift, rng: &rng), slot: slot)
    }
  }
}
