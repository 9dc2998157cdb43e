public import SpikeCore

/// Float twin of `STDPRule`: the same step order and kernel, `Δw = aPlus · x / 2^s` exactly.
public struct FloatSTDPRule: Sendable, Equatable {
  /// Parameters (the integer description, read as real numbers).
  public let parameters: STDPParameters
  /// The traces.
  public internal(set) var traces: FloatSpikeTraces

  /// Creates the rule; `seed` is accepted for API symmetry (the float rule draws nothing).
  public init(
    parameters: STDPParameters, preCount: Int, postCount: Int, seed: UInt32
  ) throws(ConfigError) {
    try parameters.validate()
    self.parameters = parameters
    traces = FloatSpikeTraces(preCount: preCount, postCount: postCount, parameters: parameters)
  }

  /// Clears the traces.
  public mutating func reset() { traces.reset() }

  /// One learning step (see `STDPRule.step`).
  public mutating func step(
    preWords: [UInt64], offset: Int, post: [Bool], synapses: inout FloatSynapseMatrix
  ) {
    precondition(post.count == synapses.postCount, "post spikes must match the projection")
    traces.decay()
    let n = synapses.postCount
    let layout = synapses.layout
    let scale = 1 / Float(1 << parameters.shift)
    let aPlus = Float(parameters.aPlus) * scale
    let aMinus = Float(parameters.aMinus) * scale
    for i in 0..<n where post[i] {
      layout.forEachInColumn(i) { j, slot in
        let x = traces.pre[j]
        if x == 0 { return }
        synapses.add(aPlus * traces.factor(x), slot: slot)
      }
    }
    SpikeBits.forEach(in: preWords, offset: offset, count: synapses.preCount) { j in
      layout.forEachInRow(j) { i, slot in
        let y = traces.post[i]
        if y == 0 { return }
        synapses.add(-aMinus * traces.factor(y), slot: slot)
      }
    }
    traces.record(preWords: preWords, offset: offset, post: post)
  }
}
