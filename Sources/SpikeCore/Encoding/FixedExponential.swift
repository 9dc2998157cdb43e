/// Integer exponential, e^x for a Q16 argument, used to build the lookup tables of the Gaussian
/// and Poisson-values encoders and of the exponential neuron models at init (never per step).
///
/// Method: range reduction `x = k·ln2 + r`, `r ∈ [0, ln2)`, then a 14-term Taylor series for
/// e^r in Q30 (every term is rounded toward zero, so the sum is low by at most ~14 units of 2⁻³⁰),
/// then a shift by k. Integer-only and identical on every machine.
public enum FixedExponential {
  /// ln 2 in Q32, round(0.693147180559945 · 2³²).
  static let ln2Q32: Int64 = 2_977_044_472
  /// One in Q30.
  public static let oneQ30: Int64 = 1 << 30
  /// Largest result: e^x saturates here (about e^21.5), far above any table's needs.
  public static let maxQ30: Int64 = 1 << 61

  /// e^x in Q30, for x in Q16 (any sign).
  ///
  /// - Format: argument signed Q16 (x · 2¹⁶); result unsigned Q30 in an `Int64`, saturating at
  ///   `maxQ30`; arguments below −44 give 0 (e^−44 · 2³⁰ < 2⁻³⁰).
  public static func q30(_ xQ16: Int64) -> Int64 {
    if xQ16 <= -(44 << 16) { return 0 }
    if xQ16 >= 21 << 16 { return maxQ30 }
    // Widen the argument to Q32 so the reduction by ln2 keeps 32 fraction bits.
    let x = xQ16 << 16
    // Floor division: k·ln2 ≤ x < (k+1)·ln2, so the remainder is never negative.
    var k = x / ln2Q32
    if k * ln2Q32 > x { k -= 1 }
    let r = (x - k * ln2Q32) >> 2  // Q30, in [0, ln2)
    var term = oneQ30
    var sum = oneQ30
    for n in 1...14 {
      // term·r < 2³⁰ · 2³⁰: fits in 64 bits; dividing by n·2³⁰ gives the next Q30 term.
      term = ((term * r) >> 30) / Int64(n)
      if term == 0 { break }
      sum += term
    }
    // sum = e^r in Q30, in [2³⁰, 2³¹); scale by 2^k with rounding to nearest.
    if k >= 0 { return min(sum << k, maxQ30) }
    let shift = -k
    if shift >= 62 { return 0 }
    return (sum + (1 << (shift - 1))) >> shift
  }
}
