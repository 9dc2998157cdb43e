public import SpikeCore

/// Float twin of `ColumnInhibition`: the same k-WTA (highest v, ties to the lowest index) and
/// the same next-step lateral and mutual inhibition, on real voltages.
public struct FloatColumnInhibition: Sendable, Equatable {
  /// Number of columns.
  public let columns: Int
  /// Neurons per column.
  public let size: Int
  /// Spikes allowed per column per step; 0 = no limit.
  public let k: Int
  /// Inhibition from a spike to the other neurons of its column.
  public let lateral: Float
  /// Inhibition from a spike to every neuron of the other columns.
  public let mutual: Float

  /// Creates the competition for `count` neurons split into `columns` equal columns.
  public init(
    count: Int, columns: Int, k: Int, lateral: Float, mutual: Float
  ) throws(ConfigError) {
    try ConfigError.check("columns", columns, 1, max(1, count))
    if count % columns != 0 {
      throw .inconsistent("\(count) neurons do not split into \(columns) equal columns")
    }
    try ConfigError.check("k", k, 0, count / columns)
    if !(lateral >= 0 && mutual >= 0) {
      throw .inconsistent("inhibition strengths must be non-negative")
    }
    self.columns = columns
    size = count / columns
    (self.k, self.lateral, self.mutual) = (k, lateral, mutual)
  }

  /// Picks this step's spikes from `candidates` (see `ColumnInhibition.select`).
  public func select(candidates: [Bool], voltage: [Float], spikes: inout [Bool]) {
    ColumnInhibition.select(
      candidates: candidates, voltage: voltage, spikes: &spikes, columns: columns, size: size, k: k)
  }

  /// Subtracts this step's inhibition from `pending`.
  public func inhibit(spikes: [Bool], pending: inout [Float]) {
    if lateral == 0 && mutual == 0 { return }
    var total: Float = 0
    for c in 0..<columns {
      for j in c * size..<(c + 1) * size where spikes[j] { total += 1 }
    }
    if total == 0 { return }
    for c in 0..<columns {
      var own: Float = 0
      for j in c * size..<(c + 1) * size where spikes[j] { own += 1 }
      for j in c * size..<(c + 1) * size {
        let inColumn = own - (spikes[j] ? 1 : 0)
        pending[j] -= lateral * inColumn + mutual * (total - own)
      }
    }
  }
}
