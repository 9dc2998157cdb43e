/// Integer softmax over one row of int32 scores, output in Q15 (I-BERT i-exp, one division).
///
/// Steps: subtract the row maximum; requantize the (non-positive) differences to Q12 real units
/// with `toExp`; i-exp by range reduction `x = −z·ln2 + p`, `p ∈ (−ln2, 0]`, and I-BERT's
/// second-order polynomial `0.3585·(p + 1.353)² + 0.344` in integers; `e = poly >> z`; then one
/// 64-bit division per row gives the normaliser.
/// - Format: input Int32 at any scale `s` (`toExp` = `s · 2¹²`); output Int16 Q15 (32767 ≈ 1.0;
///   a row sums to 32768 ± row length).
public enum IntegerSoftmax {
  /// Fraction bits of the exponent's input domain.
  public static let inputFractionBits: Int32 = 12
  /// `round(ln 2 · 2¹²)`.
  public static let ln2Q12: Int32 = 2839
  /// `round(1.353 · 2¹²)`: I-BERT's `b`.
  public static let polyB: Int64 = 5542
  /// `round(0.344 / (0.3585 · 2⁻²⁴))`: I-BERT's `c / (a·S²)`.
  public static let polyC: Int64 = 16_098_640

  /// `e^(x / 2¹²)` for `x ≤ 0`, at scale `0.3585 · 2⁻²⁴` (so `e(0) ≈ 46.8·10⁶`).
  @inlinable
  public static func expQ12(_ x: Int32) -> Int64 {
    let q = min(x, 0)
    // z = ⌊−q / ln2⌋ with q ≤ 0; beyond 2⁻³⁰ the result is 0.
    let z = -Int64(q) / Int64(ln2Q12)
    if z > 30 { return 0 }
    let p = Int64(q) + z * Int64(ln2Q12)  // in (−ln2, 0]
    let t = p + polyB
    return (t * t + polyC) >> z
  }

  /// Softmax of `scores[offset ..< offset+count]` into `output[outputOffset...]` as Q15.
  @inlinable
  public static func rowQ15(
    _ scores: [Int32], offset: Int, count: Int, toExp: QuantizedMultiplier,
    into output: inout [Int16], outputOffset: Int, scratch: inout [Int64]
  ) {
    var maximum = Int32.min
    for j in 0..<count { maximum = max(maximum, scores[offset + j]) }
    var sum: Int64 = 0
    for j in 0..<count {
      // The difference is ≤ 0; widen so that it cannot wrap, then saturate.
      let diff = saturatingInt32(Int64(scores[offset + j]) - Int64(maximum))
      let e = expQ12(multiplyByQuantizedMultiplier(diff, toExp))
      scratch[j] = e
      sum += e
    }
    // sum ≥ e(0) > 2²⁵, so the reciprocal keeps ≥ 20 bits for rows up to 64 entries.
    let reciprocal = (Int64(1) << 46) / sum
    for j in 0..<count {
      let p = (scratch[j] * reciprocal + (1 << 30)) >> 31
      output[outputOffset + j] = Int16(min(p, Int64(Int16.max)))
    }
  }
}
