public import SpikeCore

/// Float twin of `Projection`: the same connectivity and initial weights (drawn with the
/// integer builder, so both twins start identical), real delivery and learning.
public struct FloatProjection: Sendable {
  /// What it was built from.
  public let description: ProjectionDescription
  /// Weights and connectivity.
  public internal(set) var synapses: FloatSynapseMatrix
  var accumulator: [Float]
  /// Unsupervised STDP state.
  public internal(set) var stdp: FloatSTDPRule?
  /// R-STDP state.
  public internal(set) var rstdp: FloatRSTDPRule?

  /// The twin of an integer projection.
  init(_ fixed: Projection, preCount: Int, postCount: Int, seed: UInt32) throws(ConfigError) {
    description = fixed.description
    synapses = FloatSynapseMatrix(fixed.synapses)
    accumulator = [Float](repeating: 0, count: postCount)
    switch description.plasticity {
    case .none: break
    case .stdp(let p):
      stdp = try FloatSTDPRule(parameters: p, preCount: preCount, postCount: postCount, seed: seed)
    case .rstdp(let p):
      rstdp = try FloatRSTDPRule(parameters: p, layout: fixed.synapses.layout, seed: seed)
    }
  }

  /// Adds `±(row sums · 2^wExp)` of this step's source spikes to the target's next input.
  mutating func deliver(words: [UInt64], offset: Int, into pending: inout [Float]) {
    for i in accumulator.indices { accumulator[i] = 0 }
    synapses.accumulate(words: words, offset: offset, into: &accumulator)
    let scale = Float(1 << description.weightExponent) * (description.sign == .inhibitory ? -1 : 1)
    for i in accumulator.indices { pending[i] += accumulator[i] * scale }
  }

  /// Runs the learning rule for one step.
  public mutating func learn(words: [UInt64], offset: Int, post: [Bool], reward: [Int32]) {
    if var rule = stdp.take() {
      rule.step(preWords: words, offset: offset, post: post, synapses: &synapses)
      stdp = rule
    } else if var rule = rstdp.take() {
      rule.step(preWords: words, offset: offset, post: post, reward: reward, synapses: &synapses)
      rstdp = rule
    }
  }

  /// Rescales each target's positive incoming weights to sum to the normalisation target.
  public mutating func normalize() {
    let target =
      stdp?.parameters.normalizationTarget ?? rstdp?.parameters.pairing.normalizationTarget ?? 0
    if target <= 0 { return }
    let layout = synapses.layout
    for i in 0..<synapses.postCount {
      var sum: Float = 0
      layout.forEachInColumn(i) { _, slot in
        if synapses.weights[slot] > 0 { sum += synapses.weights[slot] }
      }
      if sum <= 0 { continue }
      let factor = Float(target) / sum
      layout.forEachInColumn(i) { _, slot in
        let w = synapses.weights[slot]
        if w > 0 { synapses.add(w * factor - w, slot: slot) }
      }
    }
  }

  /// Clears learning state; weights stay.
  mutating func resetState() {
    stdp?.reset()
    rstdp?.reset()
  }
}

extension FloatProjection: LearningProjection {}
