import Testing

@testable import SpikeCore

@Suite struct Decay24Tests {
  /// The LIF step's 32-bit decay equals `decay` for every decay constant 0…4096, on the 24-bit
  /// extremes, small values of both signs, and 64 random 24-bit states each.
  @Test func decay24MatchesDecayBitForBit() {
    var rng = Xorshift32(seed: 12)
    var starts: [Int32] = [0, 1, -1, 2, -2, 4095, -4095, 4096, -4096, 4097, -4097]
    starts += [Widths.stateMax, Widths.stateMin, Widths.stateMax - 1, Widths.stateMin + 1]
    for d in Int32(0)...4096 {
      for k in 0..<(starts.count + 64) {
        let x = k < starts.count ? starts[k] : Int32(truncatingIfNeeded: rng.next()) >> 8
        if decay24(x, 4096 - d) != decay(x, d) {
          Issue.record("x \(x) d \(d): \(decay24(x, 4096 - d)) vs \(decay(x, d))")
          return
        }
      }
    }
  }
}
