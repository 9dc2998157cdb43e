/// The stochastic rounding of every amount-based weight update (`addToRow(_:amounts:…)`, its
/// column, sparse and listed forms): `sround(amount, shift)` with the offset
/// `lowbias32(key + neuron) mod 2^shift`, then clamped to the matrix's bounds. One definition,
/// so the dense and sparse forms give the same integers.
struct RoundedWeightAdd {
  let lo: Int32
  let hi: Int32
  let mask: UInt32
  let shift: Int32

  init(minimum: Int8, maximum: Int8, shift: Int32) {
    lo = Int32(minimum)
    hi = Int32(maximum)
    mask = (UInt32(1) << UInt32(shift)) &- 1
    self.shift = shift
  }

  /// `weight + sround(amount, shift)`, clamped, with the offset keyed by `key` and `neuron`.
  @inline(__always)
  func apply(_ weight: Int8, _ amount: Int32, key: UInt32, neuron: UInt32) -> Int8 {
    let r = Int32(bitPattern: lowbias32(key &+ neuron) & mask)
    // wraps by design: never, |amount| < 2²⁴ (validated gains × 255) and r < 2²⁴.
    let v = Int32(weight) &+ ((amount &+ r) &>> shift)
    return Int8(truncatingIfNeeded: min(max(v, lo), hi))
  }
}
