/// Why a captured frame was skipped instead of delivered.
public enum SkipReason: Sendable, Equatable, CustomStringConvertible {
  /// The driver flagged the buffer (`V4L2_BUF_FLAG_ERROR`).
  case driverFlaggedError
  /// The buffer held no bytes.
  case emptyBuffer
  /// libjpeg refused the data; its message.
  case corruptJPEG(String)
  /// libjpeg decoded it but warned (e.g. "Premature end of JPEG file"): part of it is grey fill.
  case damagedJPEG(String)
  /// The JPEG is larger than the negotiated size, so it does not fit the decode buffer.
  case oversizedJPEG(width: Int, height: Int)
  /// An uncompressed frame shorter than its format needs.
  case shortFrame(bytes: Int, expected: Int)

  public var description: String {
    switch self {
    case .driverFlaggedError: return "the driver flagged the buffer as corrupt"
    case .emptyBuffer: return "empty buffer"
    case .corruptJPEG(let message): return "corrupt JPEG: \(message)"
    case .damagedJPEG(let message): return "damaged JPEG: \(message)"
    case .oversizedJPEG(let width, let height): return "JPEG of \(width)x\(height) is larger than the negotiated size"
    case .shortFrame(let bytes, let expected): return "frame of \(bytes) bytes, expected \(expected)"
    }
  }
}

