/// Competition inside a layer of `columns` cortical columns of equal size:
/// deterministic k-WTA, lateral inhibition inside a column, and mutual inhibition between
/// columns (the paper's class populations).
///
/// - k-WTA: at most `k` neurons of a column fire per step; the highest `v` wins, ties go to the
///   lowest index. Losing candidates are reset like the paper's `kwta` does.
/// - Inhibition (delivered next step, like any synapse): each spike subtracts `lateral` from
///   the other neurons of its column and `mutual` from every neuron of the other columns.
/// - Format: `lateral`, `mutual` in current units, 0…2²³ − 1.
public struct ColumnInhibition: Sendable, Equatable {
  /// Number of columns.
  public let columns: Int
  /// Neurons per column.
  public let size: Int
  /// Spikes allowed per column per step; 0 = no limit.
  public let k: Int
  /// Inhibition from a spike to the other neurons of its column.
  public let lateral: Int32
  /// Inhibition from a spike to every neuron of the other columns.
  public let mutual: Int32
  /// Spikes per column in the last `inhibit` call (scratch, allocated once).
  public internal(set) var columnSpikes: [Int32]

  /// Creates the competition for `count` neurons split into `columns` equal columns.
  public init(
    count: Int, columns: Int, k: Int, lateral: Int32, mutual: Int32
  ) throws(ConfigError) {
    try ConfigError.check("columns", columns, 1, max(1, count))
    if count % columns != 0 {
      throw .inconsistent("\(count) neurons do not split into \(columns) equal columns")
    }
    try ConfigError.check("k", k, 0, count / columns)
    try ConfigError.check("lateral inhibition", Int(lateral), 0, Int(Widths.stateMax))
    try ConfigError.check("mutual inhibition", Int(mutual), 0, Int(Widths.stateMax))
    self.columns = columns
    size = count / columns
    (self.k, self.lateral, self.mutual) = (k, lateral, mutual)
    columnSpikes = [Int32](repeating: 0, count: columns)
  }

  /// Picks this step's spikes from `candidates`: every candidate when `k` is 0 or not reached,
  /// else the `k` with the highest voltage per column (ties to the lowest index).
  public func select(candidates: [Bool], voltage: [Int32], spikes: inout [Bool]) {
    Self.select(
      candidates: candidates, voltage: voltage, spikes: &spikes, columns: columns, size: size, k: k)
  }

  /// k-WTA over `columns` columns of `size` neurons: only the voltages' order matters, so both
  /// twins select with it whatever their number type.
  @inlinable
  public static func select<Voltage: Comparable>(
    candidates: [Bool], voltage: [Voltage], spikes: inout [Bool], columns: Int, size: Int, k: Int
  ) {
    precondition(candidates.count == spikes.count, "one candidate flag per neuron")
    spikes.withUnsafeMutableBufferPointer { s in
      candidates.withUnsafeBufferPointer { c in
        guard let to = s.baseAddress, let from = c.baseAddress else { return }
        to.update(from: from, count: c.count)
      }
    }
    if k == 0 { return }
    for c in 0..<columns {
      let start = c * size
      var n = 0
      for j in start..<start + size where candidates[j] { n += 1 }
      if n <= k { continue }
      for j in start..<start + size { spikes[j] = false }
      // k rounds of "best remaining": O(k · size), fine for the small k columns use.
      for _ in 0..<k {
        var best = -1
        for j in start..<start + size where candidates[j] && !spikes[j] {
          if best < 0 || voltage[j] > voltage[best] { best = j }
        }
        spikes[best] = true
      }
    }
  }

  /// Subtracts this step's inhibition from `pending` (the next step's input).
  public mutating func inhibit(spikes: [Bool], pending: inout [Int32]) {
    if lateral == 0 && mutual == 0 { return }
    var total: Int32 = 0
    for c in 0..<columns {
      var n: Int32 = 0
      for j in c * size..<(c + 1) * size where spikes[j] { n += 1 }
      columnSpikes[c] = n
      total += n
    }
    if total == 0 { return }
    for c in 0..<columns {
      let own = columnSpikes[c]
      if own == 0 && (mutual == 0 || total == own) { continue }
      let fromOthers = Int64(mutual) * Int64(total - own)
      spikes.withUnsafeBufferPointer { s in
        pending.withUnsafeMutableBufferPointer { p in
          for j in c * size..<(c + 1) * size {
            let inColumn = own - (s[j] ? 1 : 0)
            let inhibition = Int64(lateral) * Int64(inColumn) + fromOthers
            p[j] = Int32(clamping: Int64(p[j]) - inhibition)
          }
        }
      }
    }
  }
}
