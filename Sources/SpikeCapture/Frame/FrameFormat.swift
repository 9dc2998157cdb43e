/// Size of the grayscale frames a source delivers.
public struct FrameFormat: Sendable, Equatable, CustomStringConvertible {
  /// Width in pixels.
  public var width: Int
  /// Height in pixels.
  public var height: Int

  /// The largest side of a frame any reader accepts (a header claiming more is refused before
  /// a buffer is sized by it).
  public static let maxSide = 16384

  public init(width: Int, height: Int) {
    (self.width, self.height) = (width, height)
  }

  /// Bytes of one 8-bit luma frame.
  public var byteCount: Int { width * height }

  public var description: String { "\(width)x\(height)" }
}
