/// Integer square root, ⌊√n⌋, by Newton's method from a power of two above the root (the
/// iteration then decreases monotonically to the floor root; at most 7 rounds for 64 bits).
public enum IntegerSquareRoot {
  /// ⌊√n⌋ for any 64-bit n.
  public static func floor(_ n: UInt64) -> UInt64 {
    if n < 2 { return n }
    // 2^⌈bits/2⌉ ≥ √n: a start at or above the root.
    let bits = UInt64.bitWidth - n.leadingZeroBitCount
    var x: UInt64 = 1 << ((bits + 1) / 2)
    while true {
      // x ≤ 2³², n/x < 2⁶⁴/x: the sum stays below 2⁶⁴ once x is near the root; from the
      // power-of-two start it is at most 2³² + 2³², so it never overflows.
      let y = (x + n / x) / 2
      if y >= x { return x }
      x = y
    }
  }
}
