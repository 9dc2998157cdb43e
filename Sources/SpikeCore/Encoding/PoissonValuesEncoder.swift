/// The paper's "Poisson values" encoder (HyTSSN `poissonValues`): a pixel of value p gets
/// `n = ⌊p·steps/255⌋` spikes at distinct steps drawn from a truncated exponential with mean T,
/// so early steps are favoured, `P(t) ∝ e^(−t/T)` for t in 0…T−1.
///
/// The paper redraws until it has n distinct times; drawing each time from the weights of the
/// steps not yet taken is the same distribution with a bounded loop. Weights are
/// `round(e^(−t/T) · 2²⁴)`, built once with `FixedExponential`; one 32-bit draw picks a step
/// by `(draw · remaining) >> 32`. Unlike the paper the stream is seeded.
public struct PoissonValuesEncoder: SpikeEncoder, Sendable {
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Spikes of a white pixel, 1…T (the paper's `steps`).
  public let steps: Int
  /// Seed of the random stream.
  public let seed: UInt32
  /// Weight of step t, `round(e^(−t/T) · 2²⁴)`.
  public let weights: [UInt32]
  private let totalWeight: UInt64
  private var rng: Xorshift32

  /// Creates an encoder; `steps` may not exceed `timesteps` (the paper raises the same error).
  public init(pixelCount: Int, timesteps: Int, steps: Int, seed: UInt32) throws(EncoderError) {
    shape = try EncoderShape(pixelCount: pixelCount, timesteps: timesteps)
    try EncoderError.check("steps", steps, in: 1...timesteps)
    (self.steps, self.seed) = (steps, seed)
    var table = [UInt32](repeating: 0, count: timesteps)
    var total: UInt64 = 0
    for t in 0..<timesteps {
      // −t/T in Q16, rounded to nearest; e^x in Q30, rounded to Q24.
      let xQ16 = -((Int64(t) << 17) / Int64(timesteps) + 1) / 2
      let q30 = FixedExponential.q30(xQ16)
      table[t] = UInt32((q30 + (1 << 5)) >> 6)
      total += UInt64(table[t])
    }
    weights = table
    totalWeight = total
    rng = Xorshift32(seed: seed)
  }

  /// Spike count of one pixel value, `⌊p·steps/255⌋`.
  @inlinable
  public static func spikeCount(value p: Int, steps: Int) -> Int { p * steps / 255 }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    checkShapes(frame, planes)
    planes.clear()
    var stream = rng  // local copy, written back at the end
    for i in 0..<pixelCount {
      let n = Self.spikeCount(value: Int(frame[i]), steps: steps)
      var remaining = totalWeight
      for _ in 0..<n {
        // Uniform in [0, remaining): the high half of a 32 × 64-bit product.
        var r = (UInt64(stream.next()) * remaining) >> 32  // remaining < 2³²: fits 64 bits
        for t in 0..<timesteps where !planes.isSet(step: t, channel: i) {
          let w = UInt64(weights[t])
          if r < w {
            planes.set(step: t, channel: i)
            remaining -= w
            break
          }
          r -= w
        }
      }
    }
    rng = stream
  }

  /// Rewinds the random stream to the seed.
  public mutating func reset() { rng = Xorshift32(seed: seed) }
}
