/// I-BERT's integer GELU (i-GELU) on int8 values: `x·½·(1 + erf(x/√2))` with the second-order
/// erf polynomial `erf(u) ≈ sign(u)·[a·(min(|u|, −b) + b)² + 1]`, `a = −0.2888`, `b = −1.769`.
///
/// Integers: `q_erf = sign(q)·((min(|q|, −q_b) + q_b)² + q_c)` at scale `S_erf = a·(S/√2)²`, then
/// `q_out = q·(q_erf + q_1)` with `q_1 = ⌊1/S_erf⌋`, scale `S·S_erf/2` (negative: the kernel
/// negates so the requantization multiplier stays positive). The head uses ReLU; this kernel is the
/// alternative I-BERT activation, with its float twin `FloatGELU`.
/// - Format: input Int8 at scale `S`; output Int8 at the scale `output` maps to.
public struct IntegerGELU: Sendable, Equatable {
  /// `⌊b / (S/√2)⌋` (negative).
  public var qb: Int32
  /// `⌊1 / (a·(S/√2)²)⌋` (negative).
  public var qc: Int32
  /// `⌊1 / S_erf⌋` (negative).
  public var q1: Int32
  /// `|S·S_erf/2| / S_out`.
  public var output: QuantizedMultiplier

  /// Wraps constants computed from the scales (SpikeModel does that).
  public init(qb: Int32, qc: Int32, q1: Int32, output: QuantizedMultiplier) {
    precondition(qb < 0 && qc < 0 && q1 < 0, "i-GELU constants are negative")
    (self.qb, self.qc, self.q1, self.output) = (qb, qc, q1, output)
  }

  /// GELU of one value.
  @inlinable
  public func apply(_ x: Int8) -> Int8 {
    let q = Int64(x)
    let clipped = min(abs(q), -Int64(qb))
    let t = clipped + Int64(qb)
    let erf = (q < 0 ? -1 : 1) * (t * t + Int64(qc))
    // Negated: S_erf < 0, so −q_out is the value at the positive scale |S·S_erf/2|.
    let out = -q * (erf + Int64(q1))
    return requantizedInt8(saturatingInt32(out), output)
  }

  /// GELU of `count` values in place.
  @inlinable
  public func apply(_ values: inout [Int8], count: Int) {
    for i in 0..<count { values[i] = apply(values[i]) }
  }
}
