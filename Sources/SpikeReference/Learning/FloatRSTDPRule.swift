public import SpikeCore

/// Float twin of `RSTDPRule`: real eligibility, exact decay, `Δw = r · aR · e / 2^sR`.
public struct FloatRSTDPRule: Sendable, Equatable {
  /// Parameters (the integer description, read as real numbers).
  public let parameters: RSTDPParameters
  /// The traces.
  public internal(set) var traces: FloatSpikeTraces
  /// Eligibility per synapse, same layout as the weights.
  public internal(set) var eligibility: [Float]

  /// Creates the rule; `seed` is accepted for API symmetry.
  public init(
    parameters: RSTDPParameters, preCount: Int, postCount: Int, seed: UInt32
  ) throws(ConfigError) {
    try parameters.validate()
    self.parameters = parameters
    traces = FloatSpikeTraces(
      preCount: preCount, postCount: postCount, parameters: parameters.pairing)
    eligibility = [Float](repeating: 0, count: preCount * postCount)
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
    let pairing = parameters.pairing
    let scale = 1 / Float(1 << pairing.shift)
    if parameters.eligibilityDecay != 0 {
      let keep = 1 - Float(parameters.eligibilityDecay) / 4096
      for k in eligibility.indices { eligibility[k] *= keep }
    }
    traces.decay()
    for i in 0..<n where post[i] {
      for j in 0..<synapses.preCount {
        let x = traces.pre[j]
        let k = j * n + i
        if x == 0 || !synapses.isConnected(k) { continue }
        eligibility[k] = min(
          eligibility[k] + Float(pairing.aPlus) * scale * traces.factor(x), 32767)
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
          let k = j * n + i
          if y == 0 || !synapses.isConnected(k) { continue }
          let ltd = Float(pairing.aMinus) * scale * traces.factor(y)
          if parameters.modulatesDepression {
            eligibility[k] = max(eligibility[k] - ltd, -32768)
          } else {
            synapses.add(-ltd, at: k)
          }
        }
      }
    }
    traces.record(preWords: preWords, offset: offset, post: post)
    let scaleR = 1 / Float(1 << parameters.rewardShift)
    for j in 0..<synapses.preCount {
      for i in 0..<n where reward[i] != 0 {
        let k = j * n + i
        if eligibility[k] == 0 || !synapses.isConnected(k) { continue }
        let gain = Float(reward[i] > 0 ? parameters.rewardGain : parameters.punishmentGain)
        synapses.add(Float(reward[i]) * gain * scaleR * eligibility[k], at: k)
      }
    }
  }
}
