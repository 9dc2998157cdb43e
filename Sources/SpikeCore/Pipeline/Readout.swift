/// How a decision is read from a head's or a network's output, in both twins: what does not
/// depend on the number type lives here once.
public enum Readout {
  /// Index of the largest value; ties go to the lowest index.
  public static func argmax<T: Comparable>(_ values: [T]) -> Int {
    var best = 0
    for i in values.indices.dropFirst() where values[i] > values[best] { best = i }
    return best
  }

  /// The winning class population: the one with the most spikes; ties (also when none spiked)
  /// go to the larger summed input `drive`, then to the lower index. Also returns the spikes of
  /// all populations together (the score's denominator).
  public static func population<Drive: Comparable>(counts: [Int32], drive: [Drive])
    -> (index: Int, total: Int64)
  {
    var best = 0
    var total: Int64 = 0
    for p in counts.indices {
      total += Int64(counts[p])
      if counts[p] > counts[best] || (counts[p] == counts[best] && drive[p] > drive[best]) {
        best = p
      }
    }
    return (best, total)
  }

  /// Every population's share of the `total` spikes of the window, Q15 (all 0 when none fired),
  /// into `scores` (one per population; allocates nothing): a population head's class scores.
  public static func shares(counts: [Int32], total: Int64, into scores: inout [Int16]) {
    for p in scores.indices {
      scores[p] = total > 0 ? Int16(min(Int64(counts[p]) * 32768 / total, 32767)) : 0
    }
  }

  /// The paper's readout of a network: the population (column of `layer`, `columns` equal
  /// groups of neurons) with the most spikes in `counts`; ties go to the lowest index.
  public static func population(counts: [Int32], columns: Int) -> Int {
    let size = counts.count / columns
    var best = 0
    var bestCount: Int32 = -1
    for c in 0..<columns {
      var n: Int32 = 0
      for j in c * size..<(c + 1) * size { n += counts[j] }
      if n > bestCount {
        best = c
        bestCount = n
      }
    }
    return best
  }
}
