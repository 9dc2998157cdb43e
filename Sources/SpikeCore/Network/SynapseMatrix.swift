/// The Int8 weights of one projection, stored pre-major: row `j` holds input `j`'s fan-out, so
/// adding the row of every spiking input streams through memory (event-driven accumulation).
///
/// - Format: weights Int8 in `minimum…maximum`; a connectivity mask marks absent synapses
///   (empty when fully connected), which keep weight 0 and never learn.
public struct SynapseMatrix: Sendable, Equatable {
  /// Presynaptic neurons (rows).
  public let preCount: Int
  /// Postsynaptic neurons (row length).
  public let postCount: Int
  /// Weights, `weights[j · postCount + i]` from input `j` to neuron `i`.
  public internal(set) var weights: [Int8]
  /// Connectivity, same layout; empty means every synapse exists.
  public let connected: [Bool]
  /// Lower weight clamp.
  public let minimum: Int8
  /// Upper weight clamp.
  public let maximum: Int8

  /// Creates a matrix from weights and an optional mask (validated by the caller).
  public init(
    preCount: Int, postCount: Int, weights: [Int8], connected: [Bool], minimum: Int8,
    maximum: Int8
  ) {
    precondition(weights.count == preCount * postCount, "weights must be preCount × postCount")
    precondition(connected.isEmpty || connected.count == weights.count, "mask size mismatch")
    self.preCount = preCount
    self.postCount = postCount
    self.weights = weights
    self.connected = connected
    self.minimum = minimum
    self.maximum = maximum
  }

  /// Whether synapse `k` (flat index) exists.
  @inlinable
  public func isConnected(_ k: Int) -> Bool { connected.isEmpty || connected[k] }

  /// Replaces the weights (e.g. loaded from a model file); absent synapses are forced to 0 and
  /// the rest clamped.
  public mutating func load(_ values: [Int8]) throws(ConfigError) {
    if values.count != weights.count {
      throw .inconsistent(
        "weight array has \(values.count) values; this projection needs \(weights.count)")
    }
    for k in 0..<values.count {
      weights[k] = isConnected(k) ? min(max(values[k], minimum), maximum) : 0
    }
  }

  /// Adds `delta` to synapse `k`, clamped to the bounds.
  public mutating func add(_ delta: Int32, at k: Int) {
    let w = Int32(weights[k]) + delta
    weights[k] = Int8(truncatingIfNeeded: min(max(w, Int32(minimum)), Int32(maximum)))
  }

  /// Adds `deltas[i]` to every weight of row `j` (input `j`'s fan-out), clamped to the bounds;
  /// absent synapses stay 0. One contiguous pass: the LTD step of pre-major STDP.
  public mutating func addToRow(_ j: Int, deltas: [Int8]) {
    precondition(j >= 0 && j < preCount && deltas.count == postCount, "row update out of range")
    let n = postCount
    let lo = Int16(minimum)
    let hi = Int16(maximum)
    if !connected.isEmpty {
      for i in 0..<n where connected[j * n + i] {
        let v = Int16(weights[j * n + i]) + Int16(deltas[i])
        weights[j * n + i] = Int8(truncatingIfNeeded: min(max(v, lo), hi))
      }
      return
    }
    // Fully connected: a branch-free contiguous loop over raw pointers, so it vectorises.
    weights.withUnsafeMutableBufferPointer { w in
      deltas.withUnsafeBufferPointer { d in
        guard let base = w.baseAddress, let dd = d.baseAddress else { return }
        let row = base.advanced(by: j * n)
        for i in 0..<n {
          // Widen to 16 bits: Int8 + Int8 cannot overflow there.
          let v = Int16(row[i]) &+ Int16(dd[i])
          row[i] = Int8(truncatingIfNeeded: min(max(v, lo), hi))
        }
      }
    }
  }

  /// Adds `deltas[j]` to every weight of column `i` (neuron `i`'s fan-in), clamped; the LTP
  /// step of pre-major STDP (strided).
  public mutating func addToColumn(_ i: Int, deltas: [Int8]) {
    precondition(i >= 0 && i < postCount && deltas.count == preCount, "column update out of range")
    let n = postCount
    let lo = Int16(minimum)
    let hi = Int16(maximum)
    let masked = !connected.isEmpty
    weights.withUnsafeMutableBufferPointer { w in
      deltas.withUnsafeBufferPointer { d in
        for j in 0..<preCount {
          if masked && !connected[j * n + i] { continue }
          let v = Int16(w[j * n + i]) + Int16(d[j])
          w[j * n + i] = Int8(truncatingIfNeeded: min(max(v, lo), hi))
        }
      }
    }
  }

  /// `addToRow(_:deltas:)` for every set bit `j` of the plane `words[offset ..< offset +
  /// ⌈preCount/64⌉]`: the LTD step of one time step in one call, so the weights are made
  /// unique once per step rather than once per spiking row.
  public mutating func addToRows(words: [UInt64], offset: Int, deltas: [Int8]) {
    let wordCount = (preCount + 63) >> 6
    precondition(offset >= 0 && offset + wordCount <= words.count, "plane out of range")
    precondition(deltas.count == postCount, "row update out of range")
    if !connected.isEmpty {
      for wi in 0..<wordCount {
        var bits = words[offset + wi]
        while bits != 0 {
          addToRow(wi << 6 | bits.trailingZeroBitCount, deltas: deltas)
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
    if !connected.isEmpty {
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
    let lo = Int32(minimum)
    let hi = Int32(maximum)
    let mask = (UInt32(1) << UInt32(shift)) &- 1
    if !connected.isEmpty {
      for i in 0..<n where connected[j * n + i] {
        let r = Int32(bitPattern: lowbias32(key &+ UInt32(truncatingIfNeeded: i)) & mask)
        let v = Int32(weights[j * n + i]) + ((amounts[i] + r) >> shift)
        weights[j * n + i] = Int8(truncatingIfNeeded: min(max(v, lo), hi))
      }
      return
    }
    weights.withUnsafeMutableBufferPointer { w in
      amounts.withUnsafeBufferPointer { a in
        guard let base = w.baseAddress, let am = a.baseAddress else { return }
        let row = base.advanced(by: j * n)
        for i in 0..<n {
          let r = Int32(bitPattern: lowbias32(key &+ UInt32(truncatingIfNeeded: i)) & mask)
          // wraps by design: never, |amount| < 2²⁴ (validated gains × 255) and r < 2²⁴.
          let v = Int32(row[i]) &+ ((am[i] &+ r) &>> shift)
          row[i] = Int8(truncatingIfNeeded: min(max(v, lo), hi))
        }
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
    let lo = Int32(minimum)
    let hi = Int32(maximum)
    let mask = (UInt32(1) << UInt32(shift)) &- 1
    let masked = !connected.isEmpty
    weights.withUnsafeMutableBufferPointer { w in
      amounts.withUnsafeBufferPointer { a in
        indices.withUnsafeBufferPointer { idx in
          for k in 0..<count {
            let i = Int(idx[k])
            precondition(i >= 0 && i < n, "neuron index out of range")
            if masked && !connected[j * n + i] { continue }
            let r = Int32(bitPattern: lowbias32(key &+ UInt32(truncatingIfNeeded: i)) & mask)
            // wraps by design: never, |amount| < 2²⁴ and r < 2²⁴.
            let v = Int32(w[j * n + i]) &+ ((a[i] &+ r) &>> shift)
            w[j * n + i] = Int8(truncatingIfNeeded: min(max(v, lo), hi))
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
    let lo = Int32(minimum)
    let hi = Int32(maximum)
    let mask = (UInt32(1) << UInt32(shift)) &- 1
    let masked = !connected.isEmpty
    if count == 0 {
      // Keep the stream in step with the dense form: one key per spiking row.
      for wi in 0..<wordCount { for _ in 0..<words[offset + wi].nonzeroBitCount { _ = rng.next() } }
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
                  if masked && !connected[q] { continue }
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
    let n = postCount
    let lo = Int32(minimum)
    let hi = Int32(maximum)
    let mask = (UInt32(1) << UInt32(shift)) &- 1
    let masked = !connected.isEmpty
    weights.withUnsafeMutableBufferPointer { w in
      amounts.withUnsafeBufferPointer { a in
        for j in 0..<preCount where a[j] != 0 {
          if masked && !connected[j * n + i] { continue }
          let r = Int32(bitPattern: lowbias32(key &+ UInt32(truncatingIfNeeded: j)) & mask)
          let v = Int32(w[j * n + i]) &+ ((a[j] &+ r) &>> shift)
          w[j * n + i] = Int8(truncatingIfNeeded: min(max(v, lo), hi))
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
              addRow(base.advanced(by: j * n), into: out, count: n)
            }
          }
        }
      }
    }
  }
}

extension SynapseMatrix {
  /// Rows summed into 16-bit partial sums before they must be flushed: 256 rows of Int8
  /// (−128…127) sum to −32768…32512, which fits `Int16` exactly.
  public static let rowsPerPartialSum = 256

  /// The fast form of `accumulate`: sums the rows of the plane's set bits into `partial`
  /// (Int16, twice the SIMD lanes of Int32), calling `flush(partial)` after every 256 rows and
  /// at the end; `partial` is zeroed before each batch. Returns the number of rows added.
  ///
  /// Rows are added four at a time (`out += (a + b) + (c + d)`): one load and one store of the
  /// partial sums per four rows instead of per row, which is most of the memory traffic of the
  /// inner loop. The sums are exact, so the grouping does not change them.
  @inlinable
  public func accumulate(
    words: [UInt64], offset: Int, partial: inout [Int16], flush: (inout [Int16]) -> Void
  ) -> Int {
    let wordCount = (preCount + 63) >> 6
    precondition(offset >= 0 && offset + wordCount <= words.count, "plane out of range")
    precondition(partial.count == postCount, "partial sums must have postCount values")
    let n = postCount
    var rows = 0
    partial.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    if wordCount == 0 { return 0 }
    words.withUnsafeBufferPointer { planes in
      weights.withUnsafeBufferPointer { w in
        guard let base = w.baseAddress, let plane = planes.baseAddress?.advanced(by: offset)
        else { return }
        // Iteration state lives outside the batch closure, so a batch can end mid-word.
        var wi = 0
        var bits = plane[0]
        var finished = false
        while !finished {
          var batch = 0
          partial.withUnsafeMutableBufferPointer { out in
            guard let o = out.baseAddress else { return }
            var r0 = 0
            var r1 = 0
            var r2 = 0
            var waiting = 0
            while batch < Self.rowsPerPartialSum {
              while bits == 0 {
                wi += 1
                if wi == wordCount {
                  finished = true
                  break
                }
                bits = plane[wi]
              }
              if finished { break }
              let j = (wi << 6 | bits.trailingZeroBitCount) &* n
              bits &= bits &- 1
              batch += 1
              switch waiting {
              case 0: r0 = j
              case 1: r1 = j
              case 2: r2 = j
              default:
                addRows16(base + r0, base + r1, base + r2, base + j, into: o, count: n)
                waiting = -1
              }
              waiting += 1
            }
            // 256 is a multiple of 4: rows wait only at the end of the plane.
            if waiting >= 2 {
              addRows16(base + r0, base + r1, into: o, count: n)
              r0 = r2
              waiting -= 2
            }
            if waiting == 1 { addRow16(base + r0, into: o, count: n) }
          }
          if batch == 0 { break }
          rows += batch
          flush(&partial)
          if !finished { partial.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        }
      }
    }
    return rows
  }
}

/// `out[i] += (a[i] + b[i]) + (c[i] + d[i])` in 16 bits (four rows per pass over the sums).
@inlinable
@inline(__always)
func addRows16(
  _ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, _ c: UnsafePointer<Int8>,
  _ d: UnsafePointer<Int8>, into out: UnsafeMutablePointer<Int16>, count: Int
) {
  for i in 0..<count {
    // wraps by design: never reached, a batch of 256 Int8 rows fits Int16 exactly.
    out[i] &+= (Int16(a[i]) &+ Int16(b[i])) &+ (Int16(c[i]) &+ Int16(d[i]))
  }
}

/// `out[i] += a[i] + b[i]` in 16 bits (two rows per pass over the partial sums).
@inlinable
@inline(__always)
func addRows16(
  _ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, into out: UnsafeMutablePointer<Int16>,
  count: Int
) {
  for i in 0..<count {
    // wraps by design: never reached, a batch of 256 Int8 rows fits Int16 exactly.
    out[i] &+= Int16(a[i]) &+ Int16(b[i])
  }
}

/// `out[i] += row[i]` in 16 bits: no overflow within a batch of `rowsPerPartialSum` rows.
@inlinable
@inline(__always)
func addRow16(_ row: UnsafePointer<Int8>, into out: UnsafeMutablePointer<Int16>, count: Int) {
  for i in 0..<count {
    // wraps by design: never reached, a batch of 256 Int8 rows fits Int16 exactly.
    out[i] &+= Int16(row[i])
  }
}

/// `row[i] = clamp(row[i] + d[i])`, widened to 16 bits where Int8 + Int8 cannot overflow.
@inline(__always)
func addRow16Clamped(
  _ d: UnsafePointer<Int8>, to row: UnsafeMutablePointer<Int8>, count: Int, minimum: Int8,
  maximum: Int8
) {
  let lo = Int16(minimum)
  let hi = Int16(maximum)
  for i in 0..<count {
    let v = Int16(row[i]) &+ Int16(d[i])
    row[i] = Int8(truncatingIfNeeded: v < lo ? lo : (v > hi ? hi : v))
  }
}

/// `out[i] += row[i]` for `count` values: the inner loop of event-driven accumulation, kept
/// free of bounds checks and overflow traps so it vectorises.
@inline(__always)
@usableFromInline
func addRow(_ row: UnsafePointer<Int8>, into out: UnsafeMutablePointer<Int32>, count: Int) {
  for i in 0..<count {
    // wraps by design: never reached, the fan-in bound keeps |sum| < 2³¹.
    out[i] &+= Int32(row[i])
  }
}
