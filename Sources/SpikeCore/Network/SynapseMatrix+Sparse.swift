/// The kernels of a sparse `SynapseMatrix` (receptive fields, random schemes): the same
/// integers as the dense forms would give with absent synapses at 0, walking the layout's row
/// and block lists instead of full rows.
extension SynapseMatrix {
  /// A row (one input's fan-out) or a column (one neuron's fan-in) of the matrix.
  enum Line {
    case row(Int)
    case column(Int)
  }

  /// Adds `deltas[k]` to every connected synapse of `line`, `k` the synapse's other end (the
  /// neuron along a row, the input along a column), clamped to the bounds: `addToRow(_:deltas:)`
  /// of a sparse matrix and `addToColumn(_:deltas:)` of either.
  mutating func addClamped(_ deltas: [Int8], along line: Line) {
    let lo = Int16(minimum)
    let hi = Int16(maximum)
    let layout = layout
    weights.withUnsafeMutableBufferPointer { w in
      deltas.withUnsafeBufferPointer { d in
        func add(_ k: Int, _ slot: Int) {
          let v = Int16(w[slot]) + Int16(d[k])
          w[slot] = Int8(truncatingIfNeeded: min(max(v, lo), hi))
        }
        switch line {
        case .row(let j): layout.forEachInRow(j, add)
        case .column(let i): layout.forEachInColumn(i, add)
        }
      }
    }
  }

  /// `addToRow(_:amounts:shift:key:)` over the connected synapses of row `j` (offsets keyed
  /// by the neuron index, as in the dense form).
  mutating func sparseAddToRow(_ j: Int, amounts: [Int32], add: RoundedWeightAdd, key: UInt32) {
    let layout = layout
    weights.withUnsafeMutableBufferPointer { w in
      amounts.withUnsafeBufferPointer { a in
        layout.forEachInRow(j) { i, slot in
          w[slot] = add.apply(w[slot], a[i], key: key, neuron: UInt32(truncatingIfNeeded: i))
        }
      }
    }
  }

  /// `addToRows(words:offset:amounts:indices:count:shift:rng:)` with a slot lookup per listed
  /// neuron (absent synapses skipped).
  mutating func sparseAddToRows(
    words: [UInt64], offset: Int, amounts: [Int32], indices: [Int32], count: Int,
    add: RoundedWeightAdd, rng: inout Xorshift32
  ) {
    let layout = layout
    SpikeBits.forEach(in: words, offset: offset, count: preCount) { j in
      let key = rng.next()
      for k in 0..<count {
        guard let q = layout.slot(pre: j, post: Int(indices[k])) else { continue }
        weights[q] = add.apply(
          weights[q], amounts[k], key: key, neuron: UInt32(bitPattern: indices[k]))
      }
    }
  }

  /// `addToRow(_:amounts:shift:key:)` for every set bit `j` of the plane `words[offset…]`, in
  /// ascending `j`, each row with its own `key = rng.next()` (`amounts` per neuron, zeros
  /// included): the LTD of one step of a sparse projection, whose rows are a few synapses.
  public mutating func addToRows(
    words: [UInt64], offset: Int, amounts: [Int32], shift: Int32, rng: inout Xorshift32
  ) {
    let wordCount = (preCount + 63) >> 6
    precondition(offset >= 0 && offset + wordCount <= words.count, "plane out of range")
    precondition(amounts.count == postCount, "row update out of range")
    precondition(shift >= 0 && shift <= 24, "shift out of 0...24")
    SpikeBits.forEach(in: words, offset: offset, count: preCount) { j in
      addToRow(j, amounts: amounts, shift: shift, key: rng.next())
    }
  }

  /// The sparse form of `accumulate(words:offset:partial:flush:)`: the same batches of 256
  /// spiking rows (empty rows count), each row adding its blocks' few weights to the partial
  /// sums, so delivery clamps at exactly the points the dense form does.
  @usableFromInline
  func sparseAccumulate(
    words: [UInt64], offset: Int, partial: inout [Int16], flush: (inout [Int16]) -> Void
  ) -> Int {
    let wordCount = (preCount + 63) >> 6
    var rows = 0
    var batch = 0
    partial.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    let layout = layout
    words.withUnsafeBufferPointer { planes in
      weights.withUnsafeBufferPointer { w in
        layout.rowStart.withUnsafeBufferPointer { rowStart in
          layout.entrySlot.withUnsafeBufferPointer { entrySlot in
            layout.entryBlock.withUnsafeBufferPointer { entryBlock in
              layout.blockStart.withUnsafeBufferPointer { blockStart in
                for wi in 0..<wordCount {
                  var bits = planes[offset + wi]
                  while bits != 0 {
                    let j = wi << 6 | bits.trailingZeroBitCount
                    bits &= bits &- 1
                    partial.withUnsafeMutableBufferPointer { out in
                      for e in Int(rowStart[j])..<Int(rowStart[j + 1]) {
                        let b = Int(entryBlock[e])
                        let first = Int(blockStart[b])
                        let width = Int(blockStart[b + 1]) &- first
                        let slot = Int(entrySlot[e])
                        for k in 0..<width {
                          // wraps by design: never, a batch of 256 Int8 rows fits Int16.
                          out[first &+ k] &+= Int16(w[slot &+ k])
                        }
                      }
                    }
                    batch += 1
                    if batch == Self.rowsPerPartialSum {
                      rows += batch
                      batch = 0
                      flush(&partial)
                      partial.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    if batch > 0 {
      rows += batch
      flush(&partial)
    }
    return rows
  }
}
