/// The sizes of an encoder, the same in both twins: pixels per frame in, T steps per frame, and
/// spike channels per pixel out. Making one checks the frame and T, so an encoder that holds a
/// shape cannot have an unusable one.
public struct EncoderShape: Sendable, Equatable {
  /// Pixels per frame (at least 1).
  public let pixelCount: Int
  /// Steps per frame, T.
  public let timesteps: Int
  /// Spike channels per pixel (1 for TTFS and rate, 2 for ON/OFF events, m for m fields).
  public let channelsPerPixel: Int

  /// Checks the sizes; T is limited to 1...`maxTimesteps` (where the encoder's formulas keep
  /// spike times inside the frame).
  public init(pixelCount: Int, timesteps: Int, channelsPerPixel: Int = 1, maxTimesteps: Int = 256)
    throws(EncoderError)
  {
    if pixelCount < 1 { throw .noPixels }
    if timesteps < 1 || timesteps > maxTimesteps {
      throw .timestepsOutOfRange(timesteps, allowed: 1...maxTimesteps)
    }
    (self.pixelCount, self.timesteps, self.channelsPerPixel) =
      (pixelCount, timesteps, channelsPerPixel)
  }

  /// Spike channels per frame.
  @inlinable public var outputCount: Int { pixelCount * channelsPerPixel }
}
