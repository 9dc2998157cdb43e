/// Marsaglia's xorshift32 generator (13, 17, 5): explicit state, seeded, identical on every
/// machine. One instance per purpose (encoder, stochastic rounding, initialisation), so that
/// changing one feature never shifts another's random numbers.
public struct Xorshift32: Sendable, Equatable {
  /// Current state; never zero.
  public var state: UInt32

  /// Creates a generator from a seed; seed 0 is mapped to a fixed non-zero state
  /// (xorshift would otherwise stay at zero forever).
  public init(seed: UInt32) {
    state = seed == 0 ? 0x9E37_79B9 : seed
  }

  /// Advances the state and returns the next 32-bit value.
  @inlinable
  public mutating func next() -> UInt32 {
    var x = state
    x ^= x << 13
    x ^= x >> 17
    x ^= x << 5
    state = x
    return x
  }

  /// Next value reduced to 8 bits (the top byte, which mixes best).
  @inlinable
  public mutating func next8() -> UInt8 {
    UInt8(truncatingIfNeeded: next() >> 24)
  }
}
