import Testing

@testable import SpikeCore

/// The adaptive event step follows the scene's contrast and stays above its noise.
@Suite struct EventThresholdAdaptationTests {
  static let rule = EventThresholdAdaptation(rangeReference: 160, noiseGain: 4, minimum: 4, maximum: 32)

  static func step(_ frame: [UInt8], _ previous: [UInt8], base: Int = 16) -> Int {
    var histogram = [Int32](repeating: 0, count: 256)
    return frame.withUnsafeBufferPointer { f in
      previous.withUnsafeBufferPointer { p in
        rule.threshold(base: base, frame: f, previous: p, histogram: &histogram)
      }
    }
  }

  /// A ramp from `low` to `high` over 64×64 pixels, plus seeded noise of ±`noise`.
  static func ramp(_ low: Int, _ high: Int, noise: Int = 0, seed: UInt32 = 1) -> [UInt8] {
    var rng = Xorshift32(seed: seed)
    return (0..<4096).map { i in
      let v = low + (high - low) * (i % 64) / 63
      let jitter = noise == 0 ? 0 : Int(rng.next8()) % (2 * noise + 1) - noise
      return UInt8(clamping: v + jitter)
    }
  }

  @Test func theStepScalesWithContrastWithinItsBounds() {
    // 64 columns of 64 pixels: the 2nd percentile is column 1, the 98th column 62.
    let full = Self.ramp(0, 255)
    #expect(Self.step(full, full) == 16 * (251 - 4) / 160)
    let dim = Self.ramp(40, 80)
    #expect(Self.step(dim, dim) == 4)  // 16 · 40 / 160 = 4: the minimum
    let half = Self.ramp(50, 130)
    #expect(Self.step(half, half) == 16 * (128 - 51) / 160)
  }

  @Test func noiseRaisesTheStep() {
    let a = Self.ramp(40, 80, noise: 12, seed: 1)
    let b = Self.ramp(40, 80, noise: 12, seed: 2)
    let step = Self.step(b, a)
    // |a − b| of two ±12 uniform noises has its 75th percentile near 12: step ≈ 4/4 · 12.
    #expect(step >= 9 && step <= 15, "\(step)")
    #expect(Self.step(b, b) < step)
  }

  @Test func percentilesOfAKnownHistogram() {
    var h = [Int32](repeating: 0, count: 256)
    h[10] = 50
    h[20] = 50
    #expect(EventThresholdAdaptation.percentile(h, count: 100, percent: 50) == 10)
    #expect(EventThresholdAdaptation.percentile(h, count: 100, percent: 51) == 20)
    #expect(EventThresholdAdaptation.percentile(h, count: 100, percent: 2) == 10)
  }
}
