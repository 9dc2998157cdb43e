public import SpikeCore

/// Float twin of `RSTDPRule`: real eligibility, exact decay, `Δw = r · aR · e / 2^sR`.
public struct FloatRSTDPRule: Sendable, Equatable {
  /// Parameters (the integer description, read as real numbers).
  public let parameters: RSTDPParameters
  /// The traces.
  public internal(set) var traces: FloatSpikeTraces
  /// Eligibility per stored synapse, in the weights' slots.
  public internal(set) var eligibility: [Float]

  /// Creates the rule for an all-to-all projection; `seed` is accepted for API symmetry.
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
    traces = FloatSpikeTraces(
      preCount: layout.preCount, postCount: layout.postCount, parameters: parameters.pairing)
    eligibility = [Float](repeating: 0, count: layout.synapseCount)
  }

  /// Clears traces and eligibility.
  public mutating func reset() {
    traces.reset()
    for k in eligibility.indices { eligibility[k] = 0 }
  }

  /// One learning step; `reward[i]` is neuron `i`'s signed reward this step.
  public mutating func step(
    preWords: [UInt64], offset: Int, post: [Bool], reward: [Int32],
    synapses: inout FloatSynapseMatrix
  ) {
    precondition(post.count == synapses.postCount && reward.count == synapses.postCount)
    let n = synapses.postCount
    let layout = synapses.layout
    let pairing = parameters.pairing
    let scale = 1 / Float(1 << pairing.shift)
    if parameters.eligibilityDecay != 0 {
      let keep = 1 - Float(parameters.eligibilityDecay) / 4096
      for k in eligibility.indices { eligibility[k] *= keep }
    }
    traces.decay()
    for i in 0..<n where post[i] {
      layout.forEachInColumn(i) { j, slot in
        let x = traces.pre[j]
        if x == 0 { return }
        eligibility[slot] = min(
          eligibility[slot] + Float(pairing.aPlus) * scale * traces.factor(x), 32767)
      }
    }
    SpikeBits.forEach(in: preWords, offset: offset, count: synapses.preCount) { j in
      layout.forEachInRow(j) { i, slot in
        let y = traces.post[i]
        if y == 0 { return }
        let ltd = Float(pairing.aMinus) * scale * traces.factor(y)
        if parameters.modulatesDepression {
          eligibility[slot] = max(eligibility[slot] - ltd, -32768)
        } else {
          synapses.add(-ltd, slot: slot)
        }
      }
    }
    traces.record(preWords: preWords, offset: offset, post: post)
    let scaleR = 1 / Float(1 << parameters.rewardShift)
    layout.forEachSynapse { _, i, slot in
      if reward[i] == 0 || eligibility[slot] == 0 { return }
      let gain = Float(reward[i] > 0 ? parameters.rewardGain : parameters.punishmentGain)
      synapses.add(Float(reward[i]) * gain * scaleR * eligibility[slot], slot: slot)
    }
  }
}
