import Testing

@testable import SpikeCore

/// The fast synapse kernels against plain scalar definitions: every grouping of rows, every
/// batch boundary and every sparse/dense choice must give exactly the same integers.
@Suite struct SynapseKernelTests {
  func matrix(pre: Int, post: Int, seed: UInt32, masked: Bool = false) -> SynapseMatrix {
    var rng = Xorshift32(seed: seed)
    let mask = masked ? (0..<pre * post).map { _ in rng.next() % 4 != 0 } : []
    let weights = (0..<pre * post).map { k in
      masked && !mask[k] ? 0 : Int8(truncatingIfNeeded: rng.next())
    }
    return SynapseMatrix(
      preCount: pre, postCount: post, weights: weights, connected: mask, minimum: -100,
      maximum: 110)
  }

  /// 16-bit partial sums with 4/2/1-row grouping and flushes every 256 rows equal the Int32
  /// sum, for densities from one spike to every input (1..600 rows, odd row lengths).
  @Test(arguments: [1, 2, 3, 5, 7, 64, 255, 256, 257, 300, 511, 512, 513, 600])
  func partialSumsEqualInt32Sums(spikes: Int) {
    let pre = 600
    let post = 37
    let m = matrix(pre: pre, post: post, seed: UInt32(spikes))
    var rng = Xorshift32(seed: 77 &+ UInt32(spikes))
    var order = Array(0..<pre)
    for k in stride(from: pre - 1, to: 0, by: -1) { order.swapAt(k, Int(rng.next() % UInt32(k + 1))) }
    var planes = SpikePlanes(count: pre, timesteps: 3)
    for j in order.prefix(spikes) { planes.set(step: 2, channel: j) }
    var reference = [Int32](repeating: 0, count: post)
    m.accumulate(words: planes.words, offset: 2 * planes.wordsPerPlane, into: &reference)
    var partial = [Int16](repeating: 7, count: post)
    var total = [Int32](repeating: 0, count: post)
    var flushes = 0
    let rows = m.accumulate(words: planes.words, offset: 2 * planes.wordsPerPlane, partial: &partial)
    { sums in
      flushes += 1
      for i in sums.indices { total[i] += Int32(sums[i]) }
    }
    #expect(rows == spikes)
    #expect(flushes == (spikes + 255) / 256)
    #expect(total == reference)
  }

  /// An empty plane adds nothing, flushes nothing and leaves the partial sums zeroed.
  @Test func emptyPlaneAddsNothing() {
    let m = matrix(pre: 130, post: 9, seed: 1)
    let planes = SpikePlanes(count: 130, timesteps: 1)
    var partial = [Int16](repeating: 5, count: 9)
    var flushed = false
    let rows = m.accumulate(words: planes.words, offset: 0, partial: &partial) { _ in
      flushed = true
    }
    #expect(rows == 0 && !flushed && partial.allSatisfy { $0 == 0 })
  }
}
