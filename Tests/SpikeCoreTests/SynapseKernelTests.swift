import Testing

@testable import SpikeCore

/// The fast synapse kernels against plain scalar definitions: every grouping of rows, every
/// batch boundary and every sparse/dense choice must give exactly the same integers.
@Suite struct SynapseKernelTests {
  func matrix(pre: Int, post: Int, seed: UInt32, masked: Bool = false) -> SynapseMatrix {
    var rng = Xorshift32(seed: seed)
    let mask = masked ? (0..<pre * post).map { _ in rng.next() % 4 != 0 } : []
    // Within the bounds, as every SynapseMatrix keeps them (load and the updates clamp).
    let weights = (0..<pre * post).map { k in
      masked && !mask[k] ? 0 : min(max(Int8(truncatingIfNeeded: rng.next()), -100), 110)
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

  /// One `addToRows` call equals one `addToRow` per set bit, with and without a mask, and
  /// deltas that hit both clamps.
  @Test(arguments: [false, true])
  func rowsAtOnceEqualRowByRow(masked: Bool) {
    let pre = 200
    let post = 45
    var a = matrix(pre: pre, post: post, seed: 5, masked: masked)
    var b = a
    var rng = Xorshift32(seed: 6)
    var planes = SpikePlanes(count: pre, timesteps: 2)
    for j in 0..<pre where rng.next() % 3 == 0 { planes.set(step: 1, channel: j) }
    let deltas = (0..<post).map { _ in Int8(truncatingIfNeeded: rng.next()) }
    a.addToRows(words: planes.words, offset: planes.wordsPerPlane, deltas: deltas)
    for j in 0..<pre where planes.isSet(step: 1, channel: j) { b.addToRow(j, deltas: deltas) }
    #expect(a.weights == b.weights)
    #expect(a.weights != matrix(pre: pre, post: post, seed: 5, masked: masked).weights)
  }

  /// One `addToColumns` call equals one `addToColumn` per listed neuron.
  @Test(arguments: [false, true])
  func columnsAtOnceEqualColumnByColumn(masked: Bool) {
    let pre = 130
    let post = 21
    var a = matrix(pre: pre, post: post, seed: 8, masked: masked)
    var b = a
    var rng = Xorshift32(seed: 9)
    let deltas = (0..<pre).map { _ in Int8(truncatingIfNeeded: rng.next()) }
    let columns: [Int32] = [3, 0, 20, 11, 7, 0]
    a.addToColumns(columns, count: 5, deltas: deltas)
    for k in 0..<5 { b.addToColumn(Int(columns[k]), deltas: deltas) }
    #expect(a.weights == b.weights)
    #expect(a.weights != matrix(pre: pre, post: post, seed: 8, masked: masked).weights)
  }

  /// The sparse stochastic LTD of a whole plane equals `addToRow(_:amounts:indices:…)` row by
  /// row with one key per row from the same stream, and leaves the stream in the same place;
  /// it also equals the dense form, since the other neurons' amounts are zero.
  @Test(arguments: [false, true])
  func sparseRoundedRowsEqualRowByRow(masked: Bool) {
    let pre = 150
    let post = 40
    var a = matrix(pre: pre, post: post, seed: 11, masked: masked)
    var b = a
    var c = a
    var rng = Xorshift32(seed: 12)
    var planes = SpikePlanes(count: pre, timesteps: 1)
    for j in 0..<pre where rng.next() % 4 == 0 { planes.set(step: 0, channel: j) }
    var full = [Int32](repeating: 0, count: post)
    let listed: [Int32] = [2, 5, 17, 18, 39]
    for i in listed { full[Int(i)] = -Int32(rng.next() % 5000) }
    let compact = listed.map { full[Int($0)] }
    var s1 = Xorshift32(seed: 13)
    var s2 = s1
    var s3 = s1
    a.addToRows(
      words: planes.words, offset: 0, amounts: compact, indices: listed, count: listed.count,
      shift: 8, rng: &s1)
    for j in 0..<pre where planes.isSet(step: 0, channel: j) {
      b.addToRow(j, amounts: full, indices: listed, count: listed.count, shift: 8, key: s2.next())
      c.addToRow(j, amounts: full, shift: 8, key: s3.next())
    }
    #expect(a.weights == b.weights)
    #expect(a.weights == c.weights)
    #expect(a.weights != matrix(pre: pre, post: post, seed: 11, masked: masked).weights)
    #expect(s1.next() == s2.next())
  }

  /// Delivery adds `±(row sums << wExp)` to the pending input and clamps to Int32, for both
  /// signs and the largest exponent, starting from pending values at the Int32 ends.
  @Test(arguments: [SynapseSign.excitatory, .inhibitory])
  func deliveryShiftsSignsAndClamps(sign: SynapseSign) throws {
    let pre = 700
    let post = 23
    var rng = Xorshift32(seed: 21)
    let description = ProjectionDescription(
      source: .input, target: 0, weights: WeightInitialization(total: 100, minimum: -128),
      weightExponent: 7, sign: sign)
    var projection = try Projection(
      description: description, preCount: pre, postCount: post, columns: 1, rng: &rng, seed: 1)
    try projection.synapses.load(
      (0..<pre * post).map { _ in Int8(truncatingIfNeeded: rng.next()) })
    var planes = SpikePlanes(count: pre, timesteps: 1)
    for j in 0..<pre where rng.next() % 2 == 0 { planes.set(step: 0, channel: j) }
    let ends: [Int32] = [Int32.max, Int32.min, Int32.max - 5, Int32.min + 5, 0, -1]
    var pending = (0..<post).map { i in i < ends.count ? ends[i] : Int32(bitPattern: rng.next()) }
    // Reference: per 256-row batch, the sum shifted and signed, added in 64 bits and clamped.
    var expected = pending
    var rows: [Int] = []
    for j in 0..<pre where planes.isSet(step: 0, channel: j) { rows.append(j) }
    for start in stride(from: 0, to: rows.count, by: 256) {
      for i in 0..<post {
        var sum = 0
        for j in rows[start..<min(start + 256, rows.count)] {
          sum += Int(projection.synapses.weights[j * post + i])
        }
        let a = Int64(sum) << 7
        expected[i] = Int32(clamping: Int64(expected[i]) + (sign == .inhibitory ? -a : a))
      }
    }
    let n = projection.deliver(words: planes.words, offset: 0, into: &pending)
    #expect(n == rows.count && rows.count > 256)
    #expect(pending == expected)
  }
}

/// Sparse storage (a random mask: blocks of one neuron; receptive fields: blocks of a column)
/// against the dense sums of the same weights, across the 256-row batch boundaries.
@Suite struct SparseSynapseKernelTests {
  @Test(arguments: [1, 100, 256, 257, 600])
  func sparsePartialSumsEqualDenseSums(spikes: Int) {
    let pre = 600
    let post = 24
    var rng = Xorshift32(seed: 40 &+ UInt32(spikes))
    let mask = (0..<pre * post).map { _ in rng.next() % 3 == 0 }
    let dense = (0..<pre * post).map { k in mask[k] ? Int8(truncatingIfNeeded: rng.next()) : 0 }
    let m = SynapseMatrix(
      preCount: pre, postCount: post, weights: dense, connected: mask, minimum: -128,
      maximum: 127)
    #expect(!m.isFull && m.weights.count == mask.count { $0 })
    #expect(m.denseWeights() == dense && m.connected == mask)
    var planes = SpikePlanes(count: pre, timesteps: 1)
    var order = Array(0..<pre)
    for k in stride(from: pre - 1, to: 0, by: -1) { order.swapAt(k, Int(rng.next() % UInt32(k + 1))) }
    for j in order.prefix(spikes) { planes.set(step: 0, channel: j) }
    var partial = [Int16](repeating: 3, count: post)
    var total = [Int32](repeating: 0, count: post)
    var flushes = 0
    let rows = m.accumulate(words: planes.words, offset: 0, partial: &partial) { sums in
      flushes += 1
      for i in sums.indices { total[i] += Int32(sums[i]) }
    }
    var reference = [Int32](repeating: 0, count: post)
    for j in 0..<pre where planes.isSet(step: 0, channel: j) {
      for i in 0..<post { reference[i] += Int32(dense[j * post + i]) }
    }
    #expect(rows == spikes && flushes == (spikes + 255) / 256)
    #expect(total == reference)
  }
}
