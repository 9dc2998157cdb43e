/// A projection at run time: its synapses, the accumulator of event-driven delivery, and the
/// state of its learning rule.
public struct Projection: Sendable {
  /// What it was built from.
  public let description: ProjectionDescription
  /// Weights and connectivity.
  public internal(set) var synapses: SynapseMatrix
  /// 16-bit partial row sums of the current step (scratch, allocated once).
  var partial: [Int16]
  /// Unsupervised STDP state, when the projection learns that way.
  public internal(set) var stdp: STDPRule?
  /// R-STDP state, when the projection learns that way.
  public internal(set) var rstdp: RSTDPRule?

  /// Builds connectivity and initial weights from `rng`; `seed` starts the rule's streams.
  init(
    description: ProjectionDescription, preCount: Int, postCount: Int, columns: Int,
    rng: inout Xorshift32, seed: UInt32
  ) throws(ConfigError) {
    if preCount >= (1 << 23) {
      throw .inconsistent(
        "a projection may have at most 2²³ sources (its row sums must fit 32 bits)")
    }
    self.description = description
    let layout = try Connectivity.layout(
      scheme: description.scheme, preCount: preCount, postCount: postCount, columns: columns,
      rng: &rng)
    synapses = SynapseMatrix(
      layout: layout, weights: Connectivity.weights(description.weights, layout: layout, rng: &rng),
      minimum: description.weights.minimum, maximum: description.weights.maximum)
    partial = [Int16](repeating: 0, count: postCount)
    switch description.plasticity {
    case .none: break
    case .stdp(let p):
      stdp = try STDPRule(parameters: p, preCount: preCount, postCount: postCount, seed: seed)
    case .rstdp(let p):
      rstdp = try RSTDPRule(parameters: p, layout: synapses.layout, seed: seed)
    }
  }

  /// Adds `±(row sums << wExp)` of this step's source spikes to the target's next input.
  /// Returns the number of source spikes.
  @discardableResult
  mutating func deliver(words: [UInt64], offset: Int, into pending: inout [Int32]) -> Int {
    let shift = Int64(description.weightExponent)
    let sign: Int64 = description.sign == .inhibitory ? -1 : 1
    return synapses.accumulate(words: words, offset: offset, partial: &partial) { sums in
      sums.withUnsafeBufferPointer { s in
        pending.withUnsafeMutableBufferPointer { p in
          guard let sp = s.baseAddress, let pp = p.baseAddress else { return }
          let lo = Int64(Int32.min)
          let hi = Int64(Int32.max)
          for i in 0..<p.count {
            // A batch sum (16 bits) shifted by at most 7 fits 23 bits; adding it to a value
            // already clamped to Int32 is done in 64 bits and clamped back. Branch-free
            // selects (not `Int32(clamping:)`), so the loop vectorises. wraps by design:
            // never, |v| < 2³³.
            let v = Int64(pp[i]) &+ sign &* (Int64(sp[i]) &<< shift)
            pp[i] = Int32(truncatingIfNeeded: v < lo ? lo : (v > hi ? hi : v))
          }
        }
      }
    }
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

  /// Rescales each target's excitatory (positive) incoming weights so they sum to the rule's
  /// normalisation target (`w ← w · target / Σw⁺`, rounding toward zero). Negative weights are
  /// left alone: scaling them too would make every neuron's response to a superset pattern
  /// equal, whatever it learned.
  public mutating func normalize() {
    let target =
      stdp?.parameters.normalizationTarget ?? rstdp?.parameters.pairing.normalizationTarget ?? 0
    if target <= 0 { return }
    let layout = synapses.layout
    for i in 0..<synapses.postCount {
      var sum = 0
      layout.forEachInColumn(i) { _, slot in
        let w = Int(synapses.weights[slot])
        if w > 0 { sum += w }
      }
      if sum <= 0 { continue }
      layout.forEachInColumn(i) { _, slot in
        let w = Int(synapses.weights[slot])
        if w <= 0 { return }
        // Integer rescale toward zero (sum > 0, |w · target| < 2⁶³).
        synapses.add(Int32(clamping: w * target / sum) - Int32(w), slot: slot)
      }
    }
  }

  /// Clears learning state (traces, eligibility); weights stay.
  mutating func resetState() {
    stdp?.reset()
    rstdp?.reset()
  }
}

extension Projection: LearningProjection {}
