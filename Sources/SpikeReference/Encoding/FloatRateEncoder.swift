import SpikeCore

/// Float twin of `RateEncoder`: each step a pixel spikes when a uniform draw in [0, 1) falls
/// below `p·rateMax/65536`, without the 8-bit truncation of the integer threshold. Uses the
/// same xorshift32 stream (24 bits per draw), so only the comparison differs.
public struct FloatRateEncoder: SpikeEncoder, Sendable {
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Rate of a white pixel, in 1/256 per step.
  public let rateMax: Int
  /// Seed of the random stream.
  public let seed: UInt32
  private var rng: Xorshift32

  /// Same arguments and validation as `RateEncoder`.
  public init(pixelCount: Int, timesteps: Int, rateMax: Int = 256, seed: UInt32)
    throws(EncoderError)
  {
    _ = try RateEncoder(pixelCount: pixelCount, timesteps: timesteps, rateMax: rateMax, seed: seed)
    shape = try EncoderShape(pixelCount: pixelCount, timesteps: timesteps, maxTimesteps: 1 << 16)
    (self.rateMax, self.seed) = (rateMax, seed)
    rng = Xorshift32(seed: seed)
  }

  /// Spike probability per step of pixel value `p`.
  public static func probability(value p: Int, rateMax: Int) -> Float {
    Float(p) * Float(rateMax) / 65536
  }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    checkShapes(frame, planes)
    planes.clear()
    // Step by step, pixel by pixel: the integer encoder's draw order.
    for t in 0..<timesteps {
      for i in 0..<pixelCount
      where Float(rng.next() >> 8) / 16_777_216
        < Self.probability(value: Int(frame[i]), rateMax: rateMax)
      {
        planes.set(step: t, channel: i)
      }
    }
  }

  /// Rewinds the random stream to the seed.
  public mutating func reset() { rng = Xorshift32(seed: seed) }
}
