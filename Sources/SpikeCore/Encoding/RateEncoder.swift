/// Poisson/rate encoder: at every step each pixel spikes with probability `(p·rateMax >> 8)/256`,
/// drawn from a seeded xorshift32, so a pixel's expected rate is about
/// `p·rateMax/65536` spikes per step.
///
/// Draw order is step by step, and within a step pixel by pixel; the stream carries on from
/// frame to frame and `reset()` rewinds it to the seed.
public struct RateEncoder: SpikeEncoder, Sendable {
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Rate of a white pixel, in 1/256 per step (0…256; 256 = fire whenever the draw allows).
  public let rateMax: Int
  /// Seed of the random stream.
  public let seed: UInt32
  private var rng: Xorshift32

  /// Creates an encoder; `rateMax` is the firing probability of p = 255 in units of 1/256.
  public init(pixelCount: Int, timesteps: Int, rateMax: Int = 256, seed: UInt32)
    throws(EncoderError)
  {
    shape = try EncoderShape(pixelCount: pixelCount, timesteps: timesteps, maxTimesteps: 1 << 16)
    try EncoderError.check("rateMax", rateMax, in: 0...256)
    (self.rateMax, self.seed) = (rateMax, seed)
    rng = Xorshift32(seed: seed)
  }

  /// The 8-bit threshold a draw must stay below: `(p·rateMax) >> 8`, in 0…255.
  @inlinable
  public static func threshold(value p: Int, rateMax: Int) -> Int { (p * rateMax) >> 8 }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    checkShapes(frame, planes)
    // A local copy keeps the generator in registers; written back once at the end.
    var stream = rng
    let words = planes.wordsPerPlane
    for t in 0..<timesteps {
      for w in 0..<words {
        // Build 64 channels' bits in a register, without a branch per draw, then store once.
        var word: UInt64 = 0
        let first = w * 64
        for b in 0..<min(64, pixelCount - first) {
          let threshold = Self.threshold(value: Int(frame[first + b]), rateMax: rateMax)
          let fires: UInt64 = Int(stream.next8()) < threshold ? 1 : 0
          word |= fires << UInt64(b)
        }
        planes.words[t * words + w] = word
      }
    }
    rng = stream
  }

  /// Rewinds the random stream to the seed.
  public mutating func reset() { rng = Xorshift32(seed: seed) }
}
