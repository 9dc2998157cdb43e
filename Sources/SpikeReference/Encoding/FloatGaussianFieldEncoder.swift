import Foundation
import SpikeCore

/// Float twin of `GaussianFieldEncoder`: `r = exp(−(p − μ_k)²/(2σ²))`, spike step
/// `⌊(1 − r)(T−1)⌋`, computed per channel from the float formula (no table).
public struct FloatGaussianFieldEncoder: SpikeEncoder, Sendable {
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Fields per pixel, m.
  public let fieldsPerPixel: Int
  /// Field width σ in pixel-value units.
  public let width: Float
  /// Centre spacing.
  public let centres: GaussianFieldEncoder.Centres

  /// Same arguments as `GaussianFieldEncoder`, with σ as a Float.
  public init(
    pixelCount: Int, timesteps: Int, fieldsPerPixel: Int, width: Float,
    centres: GaussianFieldEncoder.Centres = .spanning
  ) throws(EncoderError) {
    _ = try GaussianFieldEncoder(
      pixelCount: pixelCount, timesteps: timesteps, fieldsPerPixel: fieldsPerPixel, widthQ8: 256)
    if !(width > 0 && width.isFinite) {
      throw .parameterOutOfRange(
        name: "width", value: width.isNaN ? 0 : Int(max(-1e9, min(1e9, width))), allowed: 1...65535)
    }
    shape = try EncoderShape(
      pixelCount: pixelCount, timesteps: timesteps, channelsPerPixel: fieldsPerPixel)
    (self.fieldsPerPixel, self.width, self.centres) = (fieldsPerPixel, width, centres)
  }

  /// Spike step of field `k` for pixel value `p`.
  public func spikeStep(value p: Int, field k: Int) -> Int {
    let d = Float(GaussianFieldEncoder.centreDenominator(fields: fieldsPerPixel, centres: centres))
    let mu = 255 * Float(k) / d
    let r = exp(-(Float(p) - mu) * (Float(p) - mu) / (2 * width * width))
    return Int(((1 - r) * Float(timesteps - 1)).rounded(.down))
  }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    checkShapes(frame, planes)
    planes.clear()
    for i in 0..<pixelCount {
      for k in 0..<fieldsPerPixel {
        planes.set(step: spikeStep(value: Int(frame[i]), field: k), channel: i * fieldsPerPixel + k)
      }
    }
  }

  /// Nothing carries over between frames: nothing to forget.
  public func reset() {}
}
