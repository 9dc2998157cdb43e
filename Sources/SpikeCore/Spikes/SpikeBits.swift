/// Spikes as set bits of 64-bit words (one plane of a `SpikePlanes`, a layer's spike words):
/// the walk every learning rule and trace makes over one step's spikes, in both twins.
public enum SpikeBits {
  /// Calls `body` with the index of every set bit of the `(count + 63) / 64` words from
  /// `offset` (one plane of `count` channels), in increasing order.
  @inlinable @inline(__always)
  public static func forEach(
    in words: [UInt64], offset: Int, count: Int, _ body: (Int) -> Void
  ) {
    for wi in 0..<(count + 63) >> 6 {
      var bits = words[offset + wi]
      while bits != 0 {
        body(wi << 6 | bits.trailingZeroBitCount)
        bits &= bits &- 1
      }
    }
  }
}
