/// What is known about one delivered frame.
public struct FrameStamp: Sendable, Equatable {
  /// Position in the source's stream, counting from 0 (for a camera, the driver's sequence
  /// number, so gaps show frames the driver dropped).
  public var sequence: UInt64
  /// Capture time, nanoseconds on the monotonic clock (`CLOCK_MONOTONIC`).
  public var captureNanos: UInt64

  public init(sequence: UInt64, captureNanos: UInt64) {
    (self.sequence, self.captureNanos) = (sequence, captureNanos)
  }
}

/// A stream of 8-bit grayscale frames of one fixed size: a V4L2 camera, a clip folder, a video
/// file. Every source delivers frames already converted to luma and preprocessed to `format`,
/// so the classifier never knows where they came from.
public protocol FrameSource: ~Copyable {
  /// Size of every frame this source delivers.
  var format: FrameFormat { get }

  /// Writes the next frame into `pixels` (exactly `format.byteCount` bytes) and returns its
  /// stamp, or `nil` at the end of a finite stream. Must not allocate per frame.
  mutating func nextFrame(into pixels: UnsafeMutableBufferPointer<UInt8>) throws(CaptureError)
    -> FrameStamp?
}
