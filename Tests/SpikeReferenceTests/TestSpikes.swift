import SpikeCore

/// Seeded spike-plane generators for tests (the real encoders live in SpikeCore/Encoding).
enum TestSpikes {
  /// Bernoulli planes: channel `i` spikes at each step with probability `rates[i] / 256`.
  static func bernoulli(rates: [Int], timesteps: Int, rng: inout Xorshift32) -> SpikePlanes {
    var planes = SpikePlanes(count: rates.count, timesteps: timesteps)
    for t in 0..<timesteps {
      for i in rates.indices where Int(rng.next8()) < rates[i] { planes.set(step: t, channel: i) }
    }
    return planes
  }

  /// The paper's "Poisson values" shape: pixel `v` fires `⌊v·steps/255⌋` distinct times,
  /// placed uniformly at random in `0..<timesteps`.
  static func countCoded(
    pixels: [Int], steps: Int, timesteps: Int, rng: inout Xorshift32
  ) -> SpikePlanes {
    var planes = SpikePlanes(count: pixels.count, timesteps: timesteps)
    for (i, v) in pixels.enumerated() {
      var n = v * steps / 255
      while n > 0 {
        let t = Int(rng.next() % UInt32(timesteps))
        if !planes.isSet(step: t, channel: i) {
          planes.set(step: t, channel: i)
          n -= 1
        }
      }
    }
    return planes
  }
}
