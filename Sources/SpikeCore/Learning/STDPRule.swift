/// Integer trace STDP on one projection (DESIGN §4). Per step, after the target layer fired:
/// ```
/// decay traces
/// on post spike of i:  w_ji ← clamp(w_ji + sround(aPlus · x_j, s))   for inputs j
/// on pre spike of j:   w_ji ← clamp(w_ji − sround(aMinus · y_i, s))  for neurons i
/// record this step's spikes in the traces
/// ```
/// Zero traces are skipped (their update is exactly 0), so no random number is drawn for them.
/// Its real-valued twin in SpikeReference is bit-approximate (stochastic rounding differs).
public struct STDPRule: Sendable, Equatable {
  /// Validated parameters.
  public let parameters: STDPParameters
  /// The traces.
  public internal(set) var traces: SpikeTraces
  /// Random stream for the weight updates' stochastic rounding.
  public var rng: Xorshift32

  /// Creates the rule for a `preCount × postCount` projection. `seed` starts two streams
  /// (trace decay, weight rounding) derived from it.
  public init(
    parameters: STDPParameters, preCount: Int, postCount: Int, seed: UInt32
  ) throws(ConfigError) {
    try parameters.validate()
    self.parameters = parameters
    traces = SpikeTraces(
      preCount: preCount, postCount: postCount, parameters: parameters, seed: seed ^ 0x5DEE_CE66)
    rng = Xorshift32(seed: seed ^ 0x2545_F491)
  }

  /// Clears the traces.
  public mutating func reset() { traces.reset() }

  /// One learning step: `preWords[offset…]` is this step's input plane, `post` the target's
  /// spikes of the same step.
  public mutating func step(
    preWords: [UInt64], offset: Int, post: [Bool], synapses: inout SynapseMatrix
  ) {
    precondition(post.count == synapses.postCount, "post spikes must match the projection")
    traces.decay()
    let n = synapses.postCount
    let s = parameters.shift
    // LTP: each post spike pairs with every earlier pre spike still in the pre traces.
    for i in 0..<n where post[i] {
      for j in 0..<synapses.preCount {
        let x = traces.pre[j]
        if x == 0 { continue }
        let k = j * n + i
        if !synapses.isConnected(k) { continue }
        synapses.add(sround(parameters.aPlus * traces.factor(x), shift: s, rng: &rng), at: k)
      }
    }
    // LTD: each pre spike pairs with every earlier post spike still in the post traces.
    let wordCount = (synapses.preCount + 63) >> 6
    for wi in 0..<wordCount {
      var bits = preWords[offset + wi]
      while bits != 0 {
        let j = wi << 6 | bits.trailingZeroBitCount
        bits &= bits &- 1
        for i in 0..<n {
          let y = traces.post[i]
          if y == 0 { continue }
          let k = j * n + i
          if !synapses.isConnected(k) { continue }
          synapses.add(-sround(parameters.aMinus * traces.factor(y), shift: s, rng: &rng), at: k)
        }
      }
    }
    traces.record(preWords: preWords, offset: offset, post: post)
  }
}
