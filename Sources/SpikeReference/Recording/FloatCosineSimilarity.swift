import SpikeCore

/// Float twin of `CosineSimilarity`: `a·b / (‖a‖·‖b‖)` in Float, 0 when either vector is zero.
public enum FloatCosineSimilarity {
  /// cos between `a` and `b` (same length), in −1…1.
  public static func between(_ a: Span<Float>, _ b: Span<Float>) -> Float {
    precondition(a.count == b.count, "vectors of different lengths")
    return cosine(CosineSums(a, from: 0, b, from: 0, stride: 1, count: a.count) { $0 })
  }

  /// cos between two strided vectors inside one buffer (elements `first + k·stride` and
  /// `second + k·stride`), as `CosineSimilarity.between(in:first:second:stride:count:)`.
  public static func between(
    in weights: Span<Float>, first: Int, second: Int, stride: Int, count: Int
  ) -> Float {
    cosine(
      CosineSums(weights, from: first, weights, from: second, stride: stride, count: count) { $0 })
  }

  /// `dot / (‖a‖·‖b‖)` clamped to −1…1, 0 when either norm is 0.
  static func cosine(_ s: CosineSums<Float>) -> Float {
    if s.normA == 0 || s.normB == 0 { return 0 }
    return max(-1, min(1, s.dot / (s.normA.squareRoot() * s.normB.squareRoot())))
  }
}
