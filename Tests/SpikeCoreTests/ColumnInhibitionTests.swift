import Testing

@testable import SpikeCore

@Suite struct ColumnInhibitionTests {
  /// k-WTA keeps the k highest voltages per column, ties to the lowest index, and never more
  /// than k; columns are independent.
  @Test func kWinnersAreHighestVoltageTiesToLowestIndex() throws {
    let c = try ColumnInhibition(count: 8, columns: 2, k: 2, lateral: 0, mutual: 0)
    let candidates = [true, true, true, true, true, false, true, false]
    let voltage: [Int32] = [5, 9, 9, 7, 3, 100, 2, 50]
    var spikes = [Bool](repeating: false, count: 8)
    c.select(candidates: candidates, voltage: voltage, spikes: &spikes)
    #expect(spikes == [false, true, true, false, true, false, true, false])
    let tie = [Int32](repeating: 4, count: 8)
    c.select(candidates: [Bool](repeating: true, count: 8), voltage: tie, spikes: &spikes)
    #expect(spikes == [true, true, false, false, true, true, false, false])
  }

  /// Exhaustive over every candidate set of a 6-neuron column with k = 0…3: the count is
  /// min(k, candidates) (all when k = 0), and every winner beats every losing candidate.
  @Test func kWTAHoldsForEveryCandidateSet() throws {
    var rng = Xorshift32(seed: 5)
    for k in 0...3 {
      let c = try ColumnInhibition(count: 6, columns: 1, k: k, lateral: 0, mutual: 0)
      for mask in 0..<64 {
        let candidates = (0..<6).map { mask >> $0 & 1 == 1 }
        let voltage = (0..<6).map { _ in Int32(rng.next() % 4) }
        var spikes = [Bool](repeating: false, count: 6)
        c.select(candidates: candidates, voltage: voltage, spikes: &spikes)
        let n = candidates.filter { $0 }.count
        #expect(spikes.filter { $0 }.count == (k == 0 ? n : min(k, n)))
        for w in 0..<6 where spikes[w] {
          #expect(candidates[w])
          for l in 0..<6 where candidates[l] && !spikes[l] {
            #expect(voltage[w] > voltage[l] || (voltage[w] == voltage[l] && w < l))
          }
        }
      }
    }
  }

  @Test func lateralAndMutualInhibitionSubtractFromOthers() throws {
    var c = try ColumnInhibition(count: 6, columns: 2, k: 0, lateral: 10, mutual: 3)
    var pending = [Int32](repeating: 100, count: 6)
    c.inhibit(spikes: [true, true, false, false, false, true], pending: &pending)
    // Column 0 has 2 spikes, column 1 has 1.
    // 100 − 10 · (other spikes in the column) − 3 · (spikes in the other column)
    let expected: [Int32] = [87, 87, 77, 84, 84, 94]
    #expect(pending == expected)
    #expect(throws: ConfigError.self) {
      _ = try ColumnInhibition(count: 7, columns: 2, k: 0, lateral: 0, mutual: 0)
    }
  }
}
