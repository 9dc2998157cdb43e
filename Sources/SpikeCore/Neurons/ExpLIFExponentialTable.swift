/// Lookup table of the exponential term `Δ·e^((u − φ)/Δ)` of the ExpLIF and AdEx neurons.
///
/// Entries hold the term at `x = (u − φ)/Δ = j/32` for j from −24·32 up to the first entry that
/// reaches 2²⁴ state units (past the 24-bit state, so every larger x saturates there); between
/// entries the term is interpolated linearly (relative error below 1.3·10⁻⁴). Below x = −24 the
/// term is taken as 0 (under 4·10⁻¹¹·Δ). Built once at init with `FixedExponential`.
/// - Format: terms in Q8 of the state unit (2⁸ per unit), `Int64`.
public struct ExpLIFExponentialTable: Sendable, Equatable {
  /// Fraction bits of the table index: entries every 1/32 of x.
  static let stepBits: Int64 = 5
  /// First index, x = −24.
  static let firstIndex: Int64 = -24 << stepBits
  /// Largest term, 2²⁴ state units in Q8.
  public static let capQ8: Int64 = 1 << 32

  /// Rheobase φ, state units.
  public let rheobase: Int32
  /// Sharpness Δ, state units.
  public let sharpness: Int32
  /// Terms in Q8, entry i at x = (firstIndex + i)/32.
  public let termsQ8: [Int64]

  /// Builds the table for one (φ, Δ); `sharpness` must be ≥ 1.
  public init(rheobase: Int32, sharpness: Int32) {
    precondition(sharpness >= 1, "sharpness must be positive")
    (self.rheobase, self.sharpness) = (rheobase, sharpness)
    var terms: [Int64] = []
    var j = Self.firstIndex
    while true {
      // x = j/32 in Q16; Δ · e^x (Q30) → Q8 needs a 22-bit right shift, rounded. The product
      // can exceed 64 bits before the cap stops the table, so it is formed in 128 bits.
      let eQ30 = FixedExponential.q30(j << (16 - Self.stepBits))
      let product = Int128(sharpness) * Int128(eQ30)
      let term = Int64(min((product + (1 << 21)) >> 22, Int128(Self.capQ8)))
      terms.append(term)
      if term >= Self.capQ8 { break }
      j += 1
    }
    termsQ8 = terms
  }

  /// The exponential term at potential `u`, Q8 of the state unit, in 0…`capQ8`.
  public func termQ8(_ u: Int32) -> Int64 {
    // x in Q16 = (u − φ)·2¹⁶/Δ, rounded toward −∞ so that index and fraction split cleanly.
    let numerator = (Int64(u) - Int64(rheobase)) << 16
    let denominator = Int64(sharpness)
    var xQ16 = numerator / denominator
    if xQ16 * denominator > numerator { xQ16 -= 1 }
    let fractionBits = 16 - Self.stepBits
    let j = xQ16 >> fractionBits  // arithmetic shift: floor
    if j < Self.firstIndex { return 0 }
    let index = Int(j - Self.firstIndex)
    if index >= termsQ8.count - 1 { return termsQ8[termsQ8.count - 1] }
    let fraction = xQ16 & ((1 << fractionBits) - 1)
    let low = termsQ8[index]
    // Neighbouring entries differ by < 2²⁸ here, the fraction is < 2¹¹: no overflow.
    return low
      + (((termsQ8[index + 1] - low) * fraction + (1 << (fractionBits - 1))) >> fractionBits)
  }
}
