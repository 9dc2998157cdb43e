/// Chris Wellons' `lowbias32` integer hash: a counter-based random source. Unlike a sequential
/// generator, `lowbias32(key + i)` for many `i` has no dependency chain, so a loop drawing one
/// number per synapse vectorises. Used for the stochastic rounding of row-wise weight updates
/// (the key comes from the rule's `Xorshift32` stream) and by RefNet-v1 for its frames and
/// input spikes.
@inlinable
public func lowbias32(_ x: UInt32) -> UInt32 {
  // wraps by design: a hash.
  var x = x
  x ^= x >> 16
  x &*= 0x7feb_352d
  x ^= x >> 15
  x &*= 0x846c_a68b
  x ^= x >> 16
  return x
}
