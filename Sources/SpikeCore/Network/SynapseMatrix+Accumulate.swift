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
    if !isFull {
      return sparseAccumulate(words: words, offset: offset, partial: &partial, flush: flush)
    }
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
