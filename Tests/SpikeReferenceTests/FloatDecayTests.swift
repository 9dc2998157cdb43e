import SpikeCore
import SpikeReference
import Testing

@Suite struct FloatDecayTests {
  /// The integer decay stays within one least-significant unit of its float twin.
  @Test func integerDecayTracksFloatTwinWithinOneUnit() {
    var rng = Xorshift32(seed: 7)
    for _ in 0..<10_000 {
      let x = Int32(truncatingIfNeeded: rng.next()) >> 8  // a 24-bit state
      let d = Int32(rng.next() % 4097)
      let exact = floatDecay(Float(x), Float(d) / 4096)
      #expect(abs(Float(decay(x, d)) - exact) <= 1.0 + abs(exact) * 1e-6)
    }
  }
}
