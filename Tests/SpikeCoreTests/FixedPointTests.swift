import Testing

@testable import SpikeCore

@Suite struct FixedPointTests {
  /// The decay (docs/ARCHITECTURE.md, "Kernels") must reach exactly 0 from every start, unlike
  /// `x − ((x·d) >> 12)`, which stalls at 19 from 255 with d = 205.
  @Test func decayReachesZeroFromEveryStart() {
    for d: Int32 in [1, 205, 2047, 4095] {
      for start: Int32 in [255, -255, Widths.stateMax, Widths.stateMin, 1, -1] {
        var x = start
        var steps = 0
        while x != 0 && steps < 200_000 {
          let next = decay(x, d)
          #expect(abs(next) < abs(x), "decay must shrink |x| (x=\(x), d=\(d))")
          x = next
          steps += 1
        }
        #expect(x == 0, "decay from \(start) with d=\(d) stalled at \(x)")
      }
    }
    #expect(decay(255, 205) == 242)  // 255·3891/4096 = 242.24 → 242
    #expect(decay(-255, 205) == -242)  // toward zero, not floor
    #expect(decay(12345, 4096) == 0)
    #expect(decay(12345, 0) == 12345)
  }

  @Test func sat24ClampsToTwentyFourBits() {
    #expect(sat24(Int64(1) << 40) == (1 << 23) - 1)
    #expect(sat24(-(Int64(1) << 40)) == -(1 << 23))
    #expect(sat24(8_388_607) == 8_388_607)
    #expect(sat24(8_388_608) == 8_388_607)
    #expect(sat24(-8_388_608) == -8_388_608)
    #expect(sat24(-8_388_609) == -8_388_608)
  }

  /// Marsaglia's published xorshift32 (13, 17, 5) sequence from seed 2463534242.
  @Test func xorshiftMatchesMarsaglia() {
    var rng = Xorshift32(seed: 2_463_534_242)
    #expect(rng.next() == 723_471_715)
    #expect(rng.next() == 2_497_366_906)
    #expect(rng.next() == 2_064_144_800)
    var zero = Xorshift32(seed: 0)
    #expect(zero.next() != 0)
  }
}
