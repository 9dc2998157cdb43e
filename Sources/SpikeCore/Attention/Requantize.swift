/// A real multiplier `M = multiplier · 2^(shift − 31)` in the TFLite/gemmlowp form
/// (docs/ARCHITECTURE.md, "Number formats").
///
/// - Format: `multiplier` is a Q31 mantissa in [2³⁰, 2³¹) (or 0 for M = 0); `shift` is a left
///   shift when positive and a right shift when negative, in −31…30.
public struct QuantizedMultiplier: Sendable, Equatable {
  /// Q31 mantissa M0.
  public var multiplier: Int32
  /// Power-of-two exponent e: left when e > 0, right when e < 0.
  public var shift: Int32

  /// Wraps an already-computed mantissa and shift (SpikeModel computes them from real scales).
  public init(multiplier: Int32, shift: Int32) {
    precondition(multiplier >= 0, "a quantized multiplier mantissa is non-negative")
    precondition(shift >= -31 && shift <= 30, "a quantized multiplier shift is in -31...30")
    (self.multiplier, self.shift) = (multiplier, shift)
  }

  /// The multiplier 1.0 (M0 = 2³⁰, e = 1).
  public static let one = QuantizedMultiplier(multiplier: 1 << 30, shift: 1)
}

/// gemmlowp's `SaturatingRoundingDoublingHighMul`: `a·b / 2³¹`, ties rounded up (toward +∞: the
/// reference adds the nudge `1 − 2³⁰` to negative products, so −0.5 becomes 0).
///
/// The only overflow, `a = b = Int32.min`, saturates to `Int32.max` (as ARM `VQRDMULH` does).
@inlinable
public func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
  if a == b && a == Int32.min { return Int32.max }
  let product = Int64(a) * Int64(b)
  let nudge: Int64 = product >= 0 ? (1 << 30) : (1 - (1 << 30))
  // Swift's `/` truncates toward zero, exactly as C's does in the reference.
  return Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))
}

/// gemmlowp's `RoundingDivideByPOT`: `x / 2^exponent`, rounded half away from zero.
///
/// - Parameter exponent: 0…31.
@inlinable
public func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
  precondition(exponent >= 0 && exponent <= 31, "rounding shift out of 0...31")
  let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
  let remainder = x & mask
  let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
  return (x >> exponent) + (remainder > threshold ? 1 : 0)
}

/// TFLite's `MultiplyByQuantizedMultiplier` (double rounding): `x · M0 · 2^(e − 31)`.
///
/// A left shift (e > 0) is applied first and saturates to Int32 instead of wrapping (TFLite leaves
/// that case undefined; for every in-range input the two agree), then the doubling high multiply,
/// then the rounding right shift.
@inlinable
public func multiplyByQuantizedMultiplier(_ x: Int32, _ m: QuantizedMultiplier) -> Int32 {
  let leftShift = m.shift > 0 ? m.shift : 0
  let rightShift = m.shift > 0 ? 0 : -m.shift
  let shifted = saturatingLeftShift(x, leftShift)
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, m.multiplier), rightShift)
}

/// `x · 2^n` saturated to Int32 (n in 0…31).
@inlinable
public func saturatingLeftShift(_ x: Int32, _ n: Int32) -> Int32 {
  let wide = Int64(x) << Int64(n)
  return saturatingInt32(wide)
}

/// Clamps a 64-bit value into Int32.
@inlinable
public func saturatingInt32(_ x: Int64) -> Int32 { Int32(clamping: x) }

/// Requantizes an int32 accumulator to int8: multiply, then clamp to [lower, 127].
///
/// - Parameter lower: −128 normally, 0 for a fused ReLU (zero point is 0 everywhere).
@inlinable
public func requantizedInt8(_ acc: Int32, _ m: QuantizedMultiplier, lower: Int32 = -128) -> Int8 {
  Int8(truncatingIfNeeded: requantized(acc, m, lower: lower, upper: 127))
}

/// Requantizes an int32 accumulator to an activation of the head: multiply, then clamp to
/// [lower, upper] (`ActivationWidth`'s range, or 0 as the lower end of a fused ReLU).
@inlinable
public func requantized(
  _ acc: Int32, _ m: QuantizedMultiplier, lower: Int32, upper: Int32
) -> Int16 {
  Int16(truncatingIfNeeded: min(max(multiplyByQuantizedMultiplier(acc, m), lower), upper))
}
