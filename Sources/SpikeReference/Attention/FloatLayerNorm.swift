/// Float twin of `IntegerLayerNorm`: `γ · (x − μ) / √(σ² + ε) + β` per row.
public struct FloatLayerNorm: Sendable {
  /// Row width.
  public let width: Int
  /// Per-channel gain.
  public var gamma: [Float]
  /// Per-channel offset.
  public var beta: [Float]
  /// Variance floor.
  public var epsilon: Float

  /// Builds the layer; `gamma` and `beta` have `width` entries.
  public init(width: Int, gamma: [Float], beta: [Float], epsilon: Float) {
    precondition(gamma.count == width && beta.count == width, "FloatLayerNorm sizes")
    (self.width, self.gamma, self.beta, self.epsilon) = (width, gamma, beta, epsilon)
  }

  /// Normalises `rows` rows of `input` into `result`; `inverseStd[r]` receives `1/√(σ² + ε)`.
  public func apply(
    _ input: [Float], rows: Int, into result: inout [Float], inverseStd: inout [Float]
  ) {
    let d = width
    for r in 0..<rows {
      var mean: Float = 0
      for c in 0..<d { mean += input[r * d + c] }
      mean /= Float(d)
      var variance: Float = 0
      for c in 0..<d { variance += (input[r * d + c] - mean) * (input[r * d + c] - mean) }
      variance /= Float(d)
      let inverse = 1 / (variance + epsilon).squareRoot()
      inverseStd[r] = inverse
      for c in 0..<d {
        result[r * d + c] = (input[r * d + c] - mean) * inverse * gamma[c] + beta[c]
      }
    }
  }
}
