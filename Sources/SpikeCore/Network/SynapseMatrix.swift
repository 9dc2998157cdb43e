/// The Int8 weights of one projection. All-to-all projections store them dense and pre-major:
/// row `j` holds input `j`'s fan-out, so adding the row of every spiking input streams through
/// memory (event-driven accumulation). Sparse projections (receptive fields, random schemes)
/// store only their connected synapses, in the slots of a `SynapseLayout`.
///
/// - Format: weights Int8 in `minimum…maximum`, one per slot (pre-major, connected synapses
///   only); absent synapses have no slot, act as weight 0 and never learn.
public struct SynapseMatrix: Sendable, Equatable {
  /// Presynaptic neurons (rows).
  public let preCount: Int
  /// Postsynaptic neurons (row length).
  public let postCount: Int
  /// Which synapses exist and where they are stored.
  public let layout: SynapseLayout
  /// Weights per slot; for all-to-all `weights[j · postCount + i]` from input `j` to neuron `i`.
  public internal(set) var weights: [Int8]
  /// Lower weight clamp.
  public let minimum: Int8
  /// Upper weight clamp.
  public let maximum: Int8

  /// Creates a matrix from dense weights and an optional dense mask (empty = all-to-all),
  /// keeping only the connected weights.
  public init(
    preCount: Int, postCount: Int, weights: [Int8], connected: [Bool], minimum: Int8,
    maximum: Int8
  ) {
    precondition(weights.count == preCount * postCount, "weights must be preCount × postCount")
    precondition(connected.isEmpty || connected.count == weights.count, "mask size mismatch")
    let layout = SynapseLayout(preCount: preCount, postCount: postCount, mask: connected)
    var stored = [Int8](repeating: 0, count: layout.synapseCount)
    layout.forEachSynapse { j, i, slot in stored[slot] = weights[j * postCount + i] }
    self.init(layout: layout, weights: stored, minimum: minimum, maximum: maximum)
  }

  /// Creates a matrix over `layout` with one weight per slot.
  public init(layout: SynapseLayout, weights: [Int8], minimum: Int8, maximum: Int8) {
    precondition(weights.count == layout.synapseCount, "one weight per stored synapse")
    preCount = layout.preCount
    postCount = layout.postCount
    (self.layout, self.weights, self.minimum, self.maximum) = (layout, weights, minimum, maximum)
  }

  /// Whether every synapse exists (dense storage, the fast all-to-all kernels).
  @inlinable
  public var isFull: Bool { layout.isFull }

  /// The dense connection mask, empty when all-to-all. Allocates `preCount × postCount` bytes:
  /// for tools and tests, not the streaming path.
  public var connected: [Bool] { layout.mask() }

  /// Whether synapse `k = j · postCount + i` exists.
  public func isConnected(_ k: Int) -> Bool {
    layout.slot(pre: k / postCount, post: k % postCount) != nil
  }

  /// The weight of synapse `(j, i)`, 0 when it does not exist.
  public func weight(pre j: Int, post i: Int) -> Int8 {
    layout.slot(pre: j, post: i).map { weights[$0] } ?? 0
  }

  /// The weights as a dense `preCount × postCount` array (absent synapses 0). Allocates: for
  /// tools and tests.
  public func denseWeights() -> [Int8] {
    if isFull { return weights }
    var dense = [Int8](repeating: 0, count: preCount * postCount)
    layout.forEachSynapse { j, i, slot in dense[j * postCount + i] = weights[slot] }
    return dense
  }

  /// Replaces the weights from a dense `preCount × postCount` array; absent synapses are
  /// ignored and the rest clamped.
  public mutating func load(_ values: [Int8]) throws(ConfigError) {
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

  /// Replaces the stored weights (one per connected synapse, pre-major: the order model files
  /// pack them in), clamped.
  public mutating func load(stored values: [Int8]) throws(ConfigError) {
    if values.count != weights.count {
      throw .inconsistent(
        "the model has \(values.count) synapse weights; this projection stores \(weights.count)")
    }
    for k in 0..<values.count { weights[k] = min(max(values[k], minimum), maximum) }
  }

  /// Adds `delta` to the weight in `slot`, clamped to the bounds.
  public mutating func add(_ delta: Int32, slot: Int) {
    let w = Int32(weights[slot]) + delta
    weights[slot] = Int8(truncatingIfNeeded: min(max(w, Int32(minimum)), Int32(maximum)))
  }

  /// Adds `deltas[i]` to every weight of row `j` (input `j`'s fan-out), clamped to the bounds;
  /// absent synapses stay 0. One contiguous pass: the LTD step of pre-major STDP.
  public mutating func addToRow(_ j: Int, deltas: [Int8]) {
    precondition(j >= 0 && j < preCount && deltas.count == postCount, "row update out of range")
    let n = postCount
    let lo = Int16(minimum)
    let hi = Int16(maximum)
    if !isFull {
      addClamped(deltas, along: .row(j))
      return
    }
    // Fully connected: a branch-free contiguous loop over raw pointers, so it vectorises.
    withDenseRow(j, deltas) { row, d in
      for i in 0..<n {
        // Widen to 16 bits: Int8 + Int8 cannot overflow there.
        let v = Int16(row[i]) &+ Int16(d[i])
        row[i] = Int8(truncatingIfNeeded: min(max(v, lo), hi))
      }
    }
  }

  /// Runs `body` on row `j` of a fully connected matrix and on `values` (one per neuron) as
  /// raw pointers: the row updates' contiguous loops vectorise over them.
  @inline(__always)
  mutating func withDenseRow<Value>(
    _ j: Int, _ values: [Value], _ body: (UnsafeMutablePointer<Int8>, UnsafePointer<Value>) -> Void
  ) {
    let n = postCount
    weights.withUnsafeMutableBufferPointer { w in
      values.withUnsafeBufferPointer { v in
        guard let base = w.baseAddress, let first = v.baseAddress else { return }
        body(base.advanced(by: j * n), first)
      }
    }
  }

  /// Adds `deltas[j]` to every weight of column `i` (neuron `i`'s fan-in), clamped; the LTP
  /// step of pre-major STDP (strided).
  public mutating func addToColumn(_ i: Int, deltas: [Int8]) {
    precondition(i >= 0 && i < postCount && deltas.count == preCount, "column update out of range")
    addClamped(deltas, along: .column(i))
  }

  /// `addToRow(_:deltas:)` for every set bit `j` of the plane `words[offset ..< offset +
  /// ⌈preCount/64⌉]`: the LTD step of one time step in one call, so the weights are made
  /// unique once per step rather than once per spiking row.
  public mutating func addToRows(words: [UInt64], offset: Int, deltas: [Int8]) {
    let wordCount = (preCount + 63) >> 6
    precondition(offset >= 0 && offset + wordCount <= words.count, "plane out of range")
    precondition(deltas.count == postCount, "row update out of range")
    if !isFull {
      for wi in 0..<wordCount {
        var bits = words[offset + wi]
        while bits != 0 {
          addClamped(deltas, along: .row(wi << 6 | bits.trailingZeroBitCount))
          bits &= bits &- 1
        }
      }
      return
    }
    let n = postCount
    weights.withUnsafeMutableBufferPointer { w in
      deltas.withUnsafeBufferPointer { d in
        guard let base = w.baseAddress, let dd = d.baseAddress else { return }
        for wi in 0..<wordCount {
          var bits = words[offset + wi]
          while bits != 0 {
            let row = base + (wi << 6 | bits.trailingZeroBitCount) &* n
            bits &= bits &- 1
            addRow16Clamped(dd, to: row, count: n, minimum: minimum, maximum: maximum)
          }
        }
      }
    }
  }

  /// `addToColumn(_:deltas:)` for each of the first `count` neurons in `columns` (the LTP of
  /// one step's post spikes): the weights are made unique once per step rather than once per
  /// spike, and the strided loop carries no mask test.
  public mutating func addToColumns(_ columns: [Int32], count: Int, deltas: [Int8]) {
    precondition(count >= 0 && count <= columns.count && deltas.count == preCount)
    if !isFull {
      for k in 0..<count { addToColumn(Int(columns[k]), deltas: deltas) }
      return
    }
    let n = postCount
    let lo = Int16(minimum)
    let hi = Int16(maximum)
    for k in 0..<count { precondition(columns[k] >= 0 && Int(columns[k]) < n, "column out of range") }
    let m = preCount
    weights.withUnsafeMutableBufferPointer { w in
      deltas.withUnsafeBufferPointer { d in
        guard let base = w.baseAddress, let dd = d.baseAddress else { return }
        for k in 0..<count {
          var p = base + Int(columns[k])
          for j in 0..<m {
            let v = Int16(p.pointee) &+ Int16(dd[j])
            p.pointee = Int8(truncatingIfNeeded: v < lo ? lo : (v > hi ? hi : v))
            p += n
          }
        }
      }
    }
  }

  /// Adds `sround(amounts[i], shift)` to every weight of row `j`, clamped; the random offsets
  /// come from `lowbias32(key + i)`, so each synapse rounds independently and the loop
  /// vectorises. `amounts` are signed (LTD passes negative values); floor shift plus a uniform
  /// offset in `0..<2^shift` is unbiased for either sign.
  public mutating func addToRow(_ j: Int, amounts: [Int32], shift: Int32, key: UInt32) {
    precondition(j >= 0 && j < preCount && amounts.count == postCount, "row update out of range")
    precondition(shift >= 0 && shift <= 24, "shift out of 0...24")
    let n = postCount
    let add = RoundedWeightAdd(minimum: minimum, maximum: maximum, shift: shift)
    if !isFull {
      sparseAddToRow(j, amounts: amounts, add: add, key: key)
      return
    }
    withDenseRow(j, amounts) { row, a in
      for i in 0..<n {
        row[i] = add.apply(row[i], a[i], key: key, neuron: UInt32(truncatingIfNeeded: i))
      }
    }
  }

  /// Sparse form of `addToRow(_:amounts:shift:key:)`: only the `count` neurons listed in
  /// `indices` are updated (the others' amounts are zero); the same rounding offsets.
  public mutating func addToRow(
    _ j: Int, amounts: [Int32], indices: [Int32], count: Int, shift: Int32, key: UInt32
  ) {
    precondition(j >= 0 && j < preCount && amounts.count == postCount && count <= indices.count)
    let n = postCount
    let add = RoundedWeightAdd(minimum: minimum, maximum: maximum, shift: shift)
    let layout = layout
    weights.withUnsafeMutableBufferPointer { w in
      amounts.withUnsafeBufferPointer { a in
        indices.withUnsafeBufferPointer { idx in
          for k in 0..<count {
            let i = Int(idx[k])
            precondition(i >= 0 && i < n, "neuron index out of range")
            guard let q = layout.slot(pre: j, post: i) else { continue }
            w[q] = add.apply(w[q], a[i], key: key, neuron: UInt32(truncatingIfNeeded: i))
          }
        }
      }
    }
  }

  /// `addToRow(_:amounts:indices:count:shift:key:)` for every set bit `j` of the plane
  /// `words[offset…]`, in ascending `j`, each row with its own `key = rng.next()`: the sparse
  /// LTD of one step in one call. Here `amounts[k]` is the amount of neuron `indices[k]`
  /// (compacted, `count` of them). Per row, the rounding offsets and shifted amounts are
  /// computed in one contiguous loop over `k` (it vectorises: the hash has no dependency
  /// chain), then added to the listed weights in a short scalar loop.
  public mutating func addToRows(
    words: [UInt64], offset: Int, amounts: [Int32], indices: [Int32], count: Int, shift: Int32,
    rng: inout Xorshift32
  ) {
    let wordCount = (preCount + 63) >> 6
    precondition(offset >= 0 && offset + wordCount <= words.count, "plane out of range")
    precondition(count >= 0 && count <= amounts.count && count <= indices.count)
    precondition(shift >= 0 && shift <= 24, "shift out of 0...24")
    let n = postCount
    for k in 0..<count { precondition(indices[k] >= 0 && Int(indices[k]) < n, "neuron out of range") }
    let add = RoundedWeightAdd(minimum: minimum, maximum: maximum, shift: shift)
    let (lo, hi, mask) = (add.lo, add.hi, add.mask)
    if count == 0 {
      // Keep the stream in step with the dense form: one key per spiking row.
      for wi in 0..<wordCount { for _ in 0..<words[offset + wi].nonzeroBitCount { _ = rng.next() } }
      return
    }
    if !isFull {
      sparseAddToRows(
        words: words, offset: offset, amounts: amounts, indices: indices, count: count,
        add: add, rng: &rng)
      return
    }
    var stream = rng
    weights.withUnsafeMutableBufferPointer { w in
      amounts.withUnsafeBufferPointer { a in
        indices.withUnsafeBufferPointer { idx in
          withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { scratch in
            guard let base = w.baseAddress, let am = a.baseAddress, let ix = idx.baseAddress,
              let delta = scratch.baseAddress
            else { return }
            for wi in 0..<wordCount {
              var bits = words[offset + wi]
              while bits != 0 {
                let j = wi << 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                let key = stream.next()
                for k in 0..<count {
                  let r = Int32(bitPattern: lowbias32(key &+ UInt32(bitPattern: ix[k])) & mask)
                  // wraps by design: never, |amount| < 2²⁴ and r < 2²⁴.
                  delta[k] = (am[k] &+ r) &>> shift
                }
                let row = j &* n
                for k in 0..<count {
                  let q = row &+ Int(ix[k])
                  let v = Int32(base[q]) &+ delta[k]
                  base[q] = Int8(truncatingIfNeeded: v < lo ? lo : (v > hi ? hi : v))
                }
              }
            }
          }
        }
      }
    }
    rng = stream
  }

  /// Column form of `addToRow(_:amounts:shift:key:)`: `sround(amounts[j], shift)` to every
  /// weight of neuron `i`'s fan-in (strided).
  public mutating func addToColumn(_ i: Int, amounts: [Int32], shift: Int32, key: UInt32) {
    precondition(i >= 0 && i < postCount && amounts.count == preCount, "column update out of range")
    precondition(shift >= 0 && shift <= 24, "shift out of 0...24")
    let add = RoundedWeightAdd(minimum: minimum, maximum: maximum, shift: shift)
    let layout = layout
    weights.withUnsafeMutableBufferPointer { w in
      amounts.withUnsafeBufferPointer { a in
        layout.forEachInColumn(i) { j, slot in
          if a[j] == 0 { return }
          w[slot] = add.apply(w[slot], a[j], key: key, neuron: UInt32(truncatingIfNeeded: j))
        }
      }
    }
  }

  // MARK: - Event-driven accumulation

  /// For every set bit `j` of the plane `words[offset ..< offset + ⌈preCount/64⌉]`, adds row
  /// `j` to `accumulator` (`postCount` values). Silent inputs cost nothing.
  ///
  /// The row add cannot overflow: the network validates `preCount · 128 < 2³¹`.
  public func accumulate(words: [UInt64], offset: Int, into accumulator: inout [Int32]) {
    let wordCount = (preCount + 63) >> 6
    precondition(offset >= 0 && offset + wordCount <= words.count, "plane out of range")
    precondition(accumulator.count == postCount, "accumulator must have postCount values")
    let n = postCount
    let layout = layout
    words.withUnsafeBufferPointer { planes in
      weights.withUnsafeBufferPointer { w in
        accumulator.withUnsafeMutableBufferPointer { acc in
          guard let base = w.baseAddress, let out = acc.baseAddress,
            let plane = planes.baseAddress?.advanced(by: offset)
          else { return }
          for wi in 0..<wordCount {
            var bits = plane[wi]
            while bits != 0 {
              let j = wi << 6 | bits.trailingZeroBitCount
              bits &= bits &- 1
              if layout.isFull {
                addRow(base.advanced(by: j * n), into: out, count: n)
              } else {
                layout.forEachInRow(j) { i, slot in out[i] &+= Int32(base[slot]) }
              }
            }
          }
        }
      }
    }
  }
}

extension SynapseMatrix: SynapseStorage {}
