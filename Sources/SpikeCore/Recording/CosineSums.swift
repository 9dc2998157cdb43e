/// The three sums a cosine is made of, `a·b`, `‖a‖²` and `‖b‖²`, gathered over two vectors in
/// one pass. `CosineSimilarity` and its float twin share them and differ only in the number
/// type and in how the sums become a cosine.
public struct CosineSums<Value: Numeric> {
  /// `Σ aₖ·bₖ`.
  public var dot: Value = .zero
  /// `Σ aₖ²`.
  public var normA: Value = .zero
  /// `Σ bₖ²`.
  public var normB: Value = .zero

  /// Sums over `count` element pairs `a[firstA + k·stride]`, `b[firstB + k·stride]`, each
  /// element read as a `Value` through `value`.
  @inlinable public init<Element>(
    _ a: Span<Element>, from firstA: Int, _ b: Span<Element>, from firstB: Int, stride: Int,
    count: Int, as value: (Element) -> Value
  ) {
    for k in 0..<count {
      let x = value(a[firstA + k * stride])
      let y = value(b[firstB + k * stride])
      dot += x * y
      normA += x * x
      normB += y * y
    }
  }
}
