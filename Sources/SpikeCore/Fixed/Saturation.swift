/// Saturates a wide value into the signed 24-bit state range
/// (docs/ARCHITECTURE.md, "Number formats").
///
/// - Format: result is signed 24-bit in an `Int32`, in [−2²³, 2²³ − 1].
@inlinable
public func sat24(_ x: Int64) -> Int32 {
  if x > Int64(Widths.stateMax) { return Widths.stateMax }
  if x < Int64(Widths.stateMin) { return Widths.stateMin }
  return Int32(truncatingIfNeeded: x)
}

/// Decays a 24-bit state by a 12-bit fraction `d` (docs/ARCHITECTURE.md, "Kernels"),
/// rounding toward zero.
///
/// `decay(x, d) = trunc0(x · (4096 − d) / 4096)`: multiply, then divide by 2¹² toward zero, so
/// every state reaches exactly 0 (the `x − ((x·d) >> 12)` form stalls at small x).
/// - Parameters:
///   - x: signed 24-bit state in an `Int32`.
///   - d: decay, a 12-bit fraction in 0…4096 (4096 = full decay in one step).
@inlinable
public func decay(_ x: Int32, _ d: Int32) -> Int32 {
  assert(d >= 0 && d <= Widths.decayOne, "decay constant out of 0...4096")
  // Widen: a 24-bit state times a 13-bit factor needs 37 bits.
  let product = Int64(x) * Int64(Widths.decayOne - d)
  // Swift's `/` on integers rounds toward zero, which is the specified trunc0.
  return Int32(truncatingIfNeeded: product / Int64(Widths.decayOne))
}
