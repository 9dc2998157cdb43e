import Foundation
import SpikeCore

/// Float twin of `PoissonValuesEncoder`, written as the paper's code does it: draw
/// `x ~ Exponential(mean T)`, keep `⌊x⌋` if it is a step not yet taken, until the pixel has
/// `n = ⌊p·steps/255⌋` distinct steps. Seeded xorshift32 instead of the paper's global numpy RNG.
public struct FloatPoissonValuesEncoder: SpikeEncoder, Sendable {
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Spikes of a white pixel.
  public let steps: Int
  /// Seed of the random stream.
  public let seed: UInt32
  private var rng: Xorshift32

  /// Same arguments and validation as `PoissonValuesEncoder`.
  public init(pixelCount: Int, timesteps: Int, steps: Int, seed: UInt32) throws(EncoderError) {
    _ = try PoissonValuesEncoder(pixelCount: 1, timesteps: timesteps, steps: steps, seed: seed)
    _ = try PoissonValuesEncoder(pixelCount: pixelCount, timesteps: 1, steps: 1, seed: seed)
    shape = try EncoderShape(pixelCount: pixelCount, timesteps: timesteps)
    (self.steps, self.seed) = (steps, seed)
    rng = Xorshift32(seed: seed)
  }

  /// Spike count of one pixel value, the paper's `⌊v / (255/steps)⌋` (exact in Float here).
  public static func spikeCount(value p: Int, steps: Int) -> Int {
    Int((Float(p) * Float(steps) / 255).rounded(.down))
  }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    checkShapes(frame, planes)
    planes.clear()
    let mean = Float(timesteps)
    for i in 0..<pixelCount {
      let n = Self.spikeCount(value: Int(frame[i]), steps: steps)
      var taken = 0
      // Rejection as in the paper; the bound only guards against a broken stream.
      var attempts = 0
      while taken < n && attempts < 1 << 20 {
        attempts += 1
        let u = Float(rng.next() >> 8) / 16_777_216  // [0, 1)
        let t = Int((-mean * log(1 - u)).rounded(.down))
        if t < timesteps && !planes.isSet(step: t, channel: i) {
          planes.set(step: t, channel: i)
          taken += 1
        }
      }
    }
  }

  /// Rewinds the random stream to the seed.
  public mutating func reset() { rng = Xorshift32(seed: seed) }
}
