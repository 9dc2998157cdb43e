/// Integer trace STDP on one projection (docs/ARCHITECTURE.md, "Kernels"). Per step, after
/// the target layer fired:
/// ```
/// decay traces
/// on post spike of i:  w_ji ← clamp(w_ji + sround(aPlus · x_j, s))   for inputs j
/// on pre spike of j:   w_ji ← clamp(w_ji − sround(aMinus · y_i, s))  for neurons i
/// record this step's spikes in the traces
/// ```
/// Updates run row-wise (LTD, contiguous) and column-wise (LTP); each synapse's stochastic
/// rounding offset is `lowbias32(key + index)` with one key per update drawn from `rng`.
/// Its real-valued twin in SpikeReference is bit-approximate (stochastic rounding differs).
public struct STDPRule: Sendable, Equatable {
  /// Validated parameters.
  public let parameters: STDPParameters
  /// The traces.
  public internal(set) var traces: SpikeTraces
  /// Random stream for the weight updates' stochastic rounding: one key per row or column
  /// update, expanded per synapse by `lowbias32(key + index)`.
  public var rng: Xorshift32
  /// This step's LTD amounts per post neuron, `−aMinus · y_i` (scratch, allocated once).
  var ltd: [Int32]
  /// Post neurons with a non-zero LTD amount this step (scratch).
  var ltdIndices: [Int32]
  /// Their amounts, compacted in the same order (scratch).
  var ltdActive: [Int32]
  /// This step's LTP amounts per input, `aPlus · x_j` (scratch, allocated once).
  var ltp: [Int32]

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
    ltd = [Int32](repeating: 0, count: postCount)
    ltdIndices = [Int32](repeating: 0, count: postCount)
    ltdActive = [Int32](repeating: 0, count: postCount)
    ltp = [Int32](repeating: 0, count: preCount)
  }

  /// Clears the traces.
  public mutating func reset() { traces.reset() }

  /// One learning step: `preWords[offset…]` is this step's input plane, `post` the target's
  /// spikes of the same step.
  public mutating func step(
    preWords: [UInt64], offset: Int, post: [Bool], synapses: inout SynapseMatrix
  ) {
    precondition(post.count == synapses.postCount, "post spikes must match the projection")
    precondition(ltd.count == synapses.postCount && ltp.count == synapses.preCount)
    traces.decay()
    let s = parameters.shift
    // LTP: each post spike pairs with every earlier pre spike still in the pre traces; one
    // column update per post spike, with this step's pre-trace amounts.
    var anyPost = false
    for i in post.indices where post[i] {
      if !anyPost {
        // aPlus · factor(x_j) for every input, in one branch-free loop (it vectorises):
        // |aPlus| ≤ 2¹⁶ and x ≤ 255, so the product fits 25 bits.
        let gain = parameters.aPlus
        var flat = false
        if case .flat = parameters.kernel { flat = true }
        traces.pre.withUnsafeBufferPointer { x in
          ltp.withUnsafeMutableBufferPointer { out in
            if flat {
              for j in 0..<out.count { out[j] = x[j] > 0 ? gain : 0 }
            } else {
              for j in 0..<out.count { out[j] = gain &* Int32(x[j]) }
            }
          }
        }
        anyPost = true
      }
      synapses.addToColumn(i, amounts: ltp, shift: s, key: rng.next())
    }
    // LTD: each pre spike pairs with every earlier post spike still in the post traces; the
    // amounts are the same for every pre spike of the step, so they are computed once.
    var active = 0
    for i in ltd.indices {
      ltd[i] = -parameters.aMinus * traces.factor(traces.post[i])
      if ltd[i] != 0 {
        ltdIndices[active] = Int32(i)
        ltdActive[active] = ltd[i]
        active += 1
      }
    }
    // Few active post traces (sparse firing): update only those; else one dense row pass.
    // Both give the same weights (a zero amount rounds to 0) and draw one key per row, so
    // the choice is only about speed: the sparse form costs a few scalar operations per
    // active neuron, the dense one about one vector lane per neuron.
    if active > 0 {
      if !synapses.isFull {
        // A sparse projection's rows are a few synapses: one row pass each, zeros included.
        synapses.addToRows(words: preWords, offset: offset, amounts: ltd, shift: s, rng: &rng)
      } else if active * 8 < ltd.count {
        synapses.addToRows(
          words: preWords, offset: offset, amounts: ltdActive, indices: ltdIndices,
          count: active, shift: s, rng: &rng)
      } else {
        SpikeBits.forEach(in: preWords, offset: offset, count: synapses.preCount) { j in
          synapses.addToRow(j, amounts: ltd, shift: s, key: rng.next())
        }
      }
    }
    traces.record(preWords: preWords, offset: offset, post: post)
  }
}
