public import SpikeCore

/// Float twin of `SynapseMatrix`: the same pre-major layout and connectivity, real weights
/// (in Int8 weight units), clamped but never rounded.
public struct FloatSynapseMatrix: Sendable, Equatable {
  /// Presynaptic neurons (rows).
  public let preCount: Int
  /// Postsynaptic neurons (row length).
  public let postCount: Int
  /// Weights, `weights[j · postCount + i]`.
  public internal(set) var weights: [Float]
  /// Connectivity; empty means every synapse exists.
  public let connected: [Bool]
  /// Lower weight clamp.
  public let minimum: Float
  /// Upper weight clamp.
  public let maximum: Float

  /// The real-valued twin of an integer matrix (same weights, same mask).
  public init(_ fixed: SynapseMatrix) {
    preCount = fixed.preCount
    postCount = fixed.postCount
    weights = fixed.weights.map { Float($0) }
    connected = fixed.connected
    minimum = Float(fixed.minimum)
    maximum = Float(fixed.maximum)
  }

  /// Whether synapse `k` exists.
  @inlinable
  public func isConnected(_ k: Int) -> Bool { connected.isEmpty || connected[k] }

  /// Replaces the weights; absent synapses are forced to 0 and the rest clamped.
  public mutating func load(_ values: [Float]) throws(ConfigError) {
    if values.count != weights.count {
      throw .inconsistent(
        "weight array has \(values.count) values; this projection needs \(weights.count)")
    }
    for k in 0..<values.count {
      weights[k] = isConnected(k) ? min(max(values[k], minimum), maximum) : 0
    }
  }

  /// Adds `delta` to synapse `k`, clamped to the bounds.
  public mutating func add(_ delta: Float, at k: Int) {
    weights[k] = min(max(weights[k] + delta, minimum), maximum)
  }

  // MARK: - Event-driven accumulation

  /// For every set bit `j` of one plane, adds row `j` to `accumulator`.
  public func accumulate(words: [UInt64], offset: Int, into accumulator: inout [Float]) {
    let wordCount = (preCount + 63) >> 6
    precondition(offset >= 0 && offset + wordCount <= words.count, "plane out of range")
    precondition(accumulator.count == postCount, "accumulator must have postCount values")
    let n = postCount
    for wi in 0..<wordCount {
      var bits = words[offset + wi]
      while bits != 0 {
        let j = wi << 6 | bits.trailingZeroBitCount
        bits &= bits &- 1
        for i in 0..<n { accumulator[i] += weights[j * n + i] }
      }
    }
  }
}
