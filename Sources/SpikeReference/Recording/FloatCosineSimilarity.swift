/// Float twin of `CosineSimilarity`: `a·b / (‖a‖·‖b‖)` in Float, 0 when either vector is zero.
public enum FloatCosineSimilarity {
  /// cos between `a` and `b` (same length), in −1…1.
  public static func between(_ a: Span<Float>, _ b: Span<Float>) -> Float {
    precondition(a.count == b.count, "vectors of different lengths")
    var dot: Float = 0
    var normA: Float = 0
    var normB: Float = 0
    for i in 0..<a.count {
      dot += a[i] * b[i]
      normA += a[i] * a[i]
      normB += b[i] * b[i]
    }
    if normA == 0 || normB == 0 { return 0 }
    return max(-1, min(1, dot / (normA.squareRoot() * normB.squareRoot())))
  }

  /// cos between two strided vectors inside one buffer (elements `first + k·stride` and
  /// `second + k·stride`), as `CosineSimilarity.between(in:first:second:stride:count:)`.
  public static func between(
    in weights: Span<Float>, first: Int, second: Int, stride: Int, count: Int
  ) -> Float {
    var dot: Float = 0
    var normA: Float = 0
    var normB: Float = 0
    for k in 0..<count {
      let x = weights[first + k * stride]
      let y = weights[second + k * stride]
      dot += x * y
      normA += x * x
      normB += y * y
    }
    if normA == 0 || normB == 0 { return 0 }
    return max(-1, min(1, dot / (normA.squareRoot() * normB.squareRoot())))
  }
}
