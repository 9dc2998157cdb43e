/// Stochastic rounding of `a / 2^shift`: `(a + (rand & (2^shift − 1))) >> shift`.
///
/// The expected result equals `a / 2^shift` exactly, so many small updates do not vanish (or
/// drift) the way truncation makes them. The random stream is explicit and `inout`: one stream
/// per purpose, never a global.
/// - Parameters:
///   - a: signed value, any `Int32`.
///   - shift: 0…30.
@inlinable
public func sround(_ a: Int32, shift: Int32, rng: inout Xorshift32) -> Int32 {
  assert(shift >= 0 && shift <= 30, "shift out of 0...30")
  if shift == 0 { return a }
  let mask = (UInt32(1) << UInt32(shift)) &- 1
  // Widen: a + r may exceed Int32 near its ends; `>>` on a signed value is floor, and the
  // uniform offset turns floor into unbiased rounding.
  let r = Int64(rng.next() & mask)
  return Int32(truncatingIfNeeded: (Int64(a) + r) >> Int64(shift))
}

/// Decays an 8-bit trace by a 12-bit fraction `d` with stochastic rounding:
/// `(x·(4096 − d) + rand12) >> 12`, unbiased, and 0 stays 0 without drawing a number.
@inlinable
public func decayTrace(_ x: UInt8, _ d: Int32, rng: inout Xorshift32) -> UInt8 {
  if x == 0 { return 0 }
  let product = UInt32(x) * UInt32(4096 - d)
  return UInt8(truncatingIfNeeded: (product + (rng.next() & 4095)) >> 12)
}
