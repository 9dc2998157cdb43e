/// Cosine similarity of two neurons' weight vectors, the paper's diagnostic of how alike two
/// neurons have become (HyTSSN `Learning` plots 100·cos for pairs of output neurons).
///
/// Integer-only: exact dot product and norms in 64 bits, their product in 128 bits normalised
/// into [2⁶², 2⁶⁴) so that `IntegerSquareRoot` keeps at least 31 significant bits, then one
/// rounded division.
/// - Format: result Q16 in an `Int32`, −65536…65536 (65536 = identical direction); a zero
///   vector has similarity 0 with everything.
public enum CosineSimilarity {
  /// cos between `a` and `b` (same length), Q16.
  public static func between(_ a: Span<Int8>, _ b: Span<Int8>) -> Int32 {
    precondition(a.count == b.count, "vectors of different lengths")
    return fromSums(CosineSums(a, from: 0, b, from: 0, stride: 1, count: a.count) { Int64($0) })
  }

  /// cos between two strided vectors inside one weight buffer: elements `first + k·stride` and
  /// `second + k·stride` for k in 0..<count (a column of a row-major matrix, for instance), Q16.
  public static func between(
    in weights: Span<Int8>, first: Int, second: Int, stride: Int, count: Int
  ) -> Int32 {
    precondition(count >= 0 && stride >= 1 && first >= 0 && second >= 0)
    precondition(
      count == 0 || max(first, second) + (count - 1) * stride < weights.count,
      "vector runs past the buffer")
    return fromSums(
      CosineSums(weights, from: first, weights, from: second, stride: stride, count: count) {
        Int64($0)
      })
  }

  /// The cosine of 64-bit sums, Q16.
  static func fromSums(_ s: CosineSums<Int64>) -> Int32 {
    fromSums(dot: s.dot, normA: UInt64(s.normA), normB: UInt64(s.normB))
  }

  /// dot / √(normA·normB) in Q16, rounded to nearest and clamped to ±65536.
  public static func fromSums(dot: Int64, normA: UInt64, normB: UInt64) -> Int32 {
    if normA == 0 || normB == 0 { return 0 }
    var product = UInt128(normA) * UInt128(normB)
    // Scale the product by 4^s (s may be negative) so it fills 63–64 bits; √ then scales by 2^s.
    let s = (product.leadingZeroBitCount - 64) >> 1  // arithmetic: floor, also for negatives
    if s >= 0 { product <<= UInt128(2 * s) } else { product >>= UInt128(-2 * s) }
    let root = Int128(IntegerSquareRoot.floor(UInt64(product)))
    // cos·2¹⁶ = dot·2^(16+s) / root; 16 + s ≥ 16 − 33, the numerator fits 128 bits easily.
    let exponent = 16 + s
    var numerator = Int128(dot)
    var denominator = root
    if exponent >= 0 { numerator <<= Int128(exponent) } else { denominator <<= Int128(-exponent) }
    let half = denominator / 2
    let quotient =
      numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator)
    return Int32(max(-65536, min(65536, quotient)))
  }
}
