/// Integer LayerNorm over rows of int32 values (I-BERT, with a Newton integer square root).
///
/// Per row: integer mean (rounded), `y = x − mean`, `var = Σy² / d` in 64 bits plus `epsilon`,
/// `σ = isqrt(var)` (with up to 8 fraction bits); one division gives `f = 2⁴⁰ / σ` and
/// `n = y·f / 2²⁸` is the normalised value in Q12. Then `γ·n + β` (γ Int16 at scale `s_γ`, β Int32 at scale `2⁻¹²·s_γ`) is
/// requantized to the head's activations. LayerNorm is scale-invariant, so the input scale only
/// enters `epsilon`.
/// - Format: input Int32 at scale `s_x`; `epsilon` is `ε / s_x²` rounded; output an activation
///   (`ActivationWidth`) in Int16.
public struct IntegerLayerNorm: Sendable, Equatable {
  /// Row width.
  public let width: Int
  /// Per-channel gain, symmetric Int16.
  public var gamma: [Int16]
  /// Per-channel offset at scale `2⁻¹² · s_γ`.
  public var beta: [Int32]
  /// `ε` in input units squared.
  public var epsilon: Int64
  /// `2⁻¹² · s_γ / s_out`.
  public var output: QuantizedMultiplier

  /// Builds the layer; `gamma` and `beta` have `width` entries.
  public init(
    width: Int, gamma: [Int16], beta: [Int32], epsilon: Int64, output: QuantizedMultiplier
  ) {
    precondition(gamma.count == width && beta.count == width, "IntegerLayerNorm sizes")
    precondition(epsilon >= 0, "IntegerLayerNorm epsilon is non-negative")
    (self.width, self.gamma, self.beta, self.epsilon, self.output) =
      (width, gamma, beta, epsilon, output)
  }

  /// Normalises `rows` rows of `input` into `result`, clamped to `activations`.
  @inlinable
  public func apply(
    _ input: [Int32], rows: Int, into result: inout [Int16], activations: ActivationWidth
  ) {
    let d = Int64(width)
    for r in 0..<rows {
      let base = r * width
      var sum: Int64 = 0
      for c in 0..<width { sum += Int64(input[base + c]) }
      let mean = roundedDivide(sum, d)
      // Rows with |y| ≥ 2²⁶ are pre-shifted so that Σy² over up to 1024 channels stays inside
      // Int64: an int8 head's residuals stay below that, a 12-bit head's (2¹⁶ finer than its
      // activations) may keep 26 bits of 27 or 28, and hostile files cannot trap.
      var largest: Int64 = 0
      for c in 0..<width { largest = max(largest, abs(Int64(input[base + c]) - mean)) }
      let pre = Int64(max(0, (64 - largest.leadingZeroBitCount) - 26))
      var squares: Int64 = 0
      for c in 0..<width {
        let y = (Int64(input[base + c]) - mean) >> pre
        squares += y * y
      }
      let variance = squares / d + (epsilon >> (2 * pre))
      // Give the root up to 8 fraction bits (√(v·2^2h) = σ·2^h) while v·2^2h stays below 2⁶².
      let half = max(0, min(8, (62 - (64 - variance.leadingZeroBitCount)) / 2))
      let std = max(integerSquareRoot(variance << Int64(2 * half)), 1)
      // |y| ≤ √d·σ, so y·f ≤ √d·2⁴⁰: no overflow for any d below 2⁴⁶.
      let f = (Int64(1) << Int64(40 + half)) / std
      for c in 0..<width {
        let y = (Int64(input[base + c]) - mean) >> pre
        let n = (y * f + (1 << 27)) >> 28
        let acc = n * Int64(gamma[c]) + Int64(beta[c])
        result[base + c] = requantized(
          saturatingInt32(acc), output, lower: activations.lower, upper: activations.upper)
      }
    }
  }
}

/// `a / b` rounded half away from zero (b > 0).
@inlinable
public func roundedDivide(_ a: Int64, _ b: Int64) -> Int64 {
  a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b)
}

/// `⌊√n⌋` by Newton's method from a power of two above the root (I-BERT Algorithm 4).
@inlinable
public func integerSquareRoot(_ n: Int64) -> Int64 {
  if n <= 0 { return 0 }
  let bits = 64 - n.leadingZeroBitCount
  var x = Int64(1) << Int64((bits + 1) / 2)  // ≥ √n
  while true {
    let next = (x + n / x) / 2
    if next >= x { return x }
    x = next
  }
}
