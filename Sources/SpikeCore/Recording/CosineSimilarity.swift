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
    var dot: Int64 = 0
    var normA: Int64 = 0
    var normB: Int64 = 0
    for i in 0..<a.count {
      let x = Int64(a[i])
      let y = Int64(b[i])
      dot += x * y
      normA += x * x
      normB += y * y
    }
    return fromSums(dot: dot, normA: UInt64(normA), normB: UInt64(normB))
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
    var dot: Int64 = 0
    var normA: Int64 = 0
    var normB: Int64 = 0
    for k in 0..<count {
      let x = Int64(weights[first + k * stride])
      let y = Int64(weights[second + k * stride])
      dot += x * y
      normA += x * x
      normB += y * y
    }
    return fromSums(dot: dot, normA: UInt64(normA), normB: UInt64(normB))
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
