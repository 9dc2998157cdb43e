public import SpikeCore

/// Float twin of `SynapseMatrix`: the same layout and slots (connected synapses only for a
/// sparse projection), real weights (in Int8 weight units), clamped but never rounded.
public struct FloatSynapseMatrix: Sendable, Equatable {
  /// Presynaptic neurons (rows).
  public let preCount: Int
  /// Postsynaptic neurons (row length).
  public let postCount: Int
  /// Which synapses exist and where they are stored (shared with the integer twin).
  public let layout: SynapseLayout
  /// Weights per slot; for all-to-all `weights[j · postCount + i]`.
  public internal(set) var weights: [Float]
  /// Lower weight clamp.
  public let minimum: Float
  /// Upper weight clamp.
  public let maximum: Float

  /// The real-valued twin of an integer matrix (same weights, same layout).
  public init(_ fixed: SynapseMatrix) {
    preCount = fixed.preCount
    postCount = fixed.postCount
    layout = fixed.layout
    weights = fixed.weights.map { Float($0) }
    minimum = Float(fixed.minimum)
    maximum = Float(fixed.maximum)
  }

  /// Whether every synapse exists.
  public var isFull: Bool { layout.isFull }

  /// The dense connection mask, empty when all-to-all (allocates; tools and tests).
  public var connected: [Bool] { layout.mask() }

  /// Whether synapse `k = j · postCount + i` exists.
  public func isConnected(_ k: Int) -> Bool {
    layout.slot(pre: k / postCount, post: k % postCount) != nil
  }

  /// The weights as a dense `preCount × postCount` array (absent synapses 0); allocates.
  public func denseWeights() -> [Float] {
    if isFull { return weights }
    var dense = [Float](repeating: 0, count: preCount * postCount)
    layout.forEachSynapse { j, i, slot in dense[j * postCount + i] = weights[slot] }
    return dense
  }

  /// Replaces the weights from a dense array; absent synapses are ignored and the rest clamped.
  public mutating func load(_ values: [Float]) throws(ConfigError) {
    if values.count != preCount * postCount {
      throw .inconsistent(
        "weight array has \(values.count) values; this projection needs \(preCount * postCount)")
    }
    let n = postCount
    let lo = minimum
    let hi = maximum
    var stored = weights
    layout.forEachSynapse { j, i, slot in stored[slot] = min(max(values[j * n + i], lo), hi) }
    weights = stored
  }

  /// Replaces the stored weights (connected synapses, pre-major), clamped.
  public mutating func load(stored values: [Float]) throws(ConfigError) {
    if values.count != weights.count {
      throw .inconsistent(
        "the model has \(values.count) synapse weights; this projection stores \(weights.count)")
    }
    for k in 0..<values.count { weights[k] = min(max(values[k], minimum), maximum) }
  }

  /// Adds `delta` to the weight in `slot`, clamped to the bounds.
  public mutating func add(_ delta: Float, slot: Int) {
    weights[slot] = min(max(weights[slot] + delta, minimum), maximum)
  }

  // MARK: - Event-driven accumulation

  /// For every set bit `j` of one plane, adds row `j` to `accumulator` (rows in ascending
  /// order, so each neuron sums its inputs in the same order whatever the storage).
  public func accumulate(words: [UInt64], offset: Int, into accumulator: inout [Float]) {
    let wordCount = (preCount + 63) >> 6
    precondition(offset >= 0 && offset + wordCount <= words.count, "plane out of range")
    precondition(accumulator.count == postCount, "accumulator must have postCount values")
    for wi in 0..<wordCount {
      var bits = words[offset + wi]
      while bits != 0 {
        let j = wi << 6 | bits.trailingZeroBitCount
        bits &= bits &- 1
        layout.forEachInRow(j) { i, slot in accumulator[i] += weights[slot] }
      }
    }
  }
}

extension FloatSynapseMatrix: SynapseStorage {}
