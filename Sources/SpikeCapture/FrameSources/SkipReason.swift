#if canImport(CSpikeCamSys)
  import CSpikeCamSys
#else
  import CSpikeBoard  // the board program: the same C seam through its own module
#endif

/// Why a captured frame was skipped instead of delivered.
public enum SkipReason: Sendable, Equatable, CustomStringConvertible {
  /// The driver flagged the buffer (`V4L2_BUF_FLAG_ERROR`).
  case driverFlaggedError
  /// The buffer held no bytes.
  case emptyBuffer
  /// libjpeg refused the data; its message.
  case corruptJPEG(JPEGMessage)
  /// libjpeg decoded it but warned (e.g. "Premature end of JPEG file"): part of it is grey fill.
  case damagedJPEG(JPEGMessage)
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
    case .oversizedJPEG(let width, let height):
      return "JPEG of \(width)x\(height) is larger than the negotiated size"
    case .shortFrame(let bytes, let expected):
      return "frame of \(bytes) bytes, expected \(expected)"
    }
  }
}

/// libjpeg's message, kept in its fixed C buffer so recording a skipped frame allocates
/// nothing; turned into text only when printed.
public struct JPEGMessage: Sendable, Equatable, CustomStringConvertible {
  var bytes: InlineArray<200, UInt8>

  init(_ status: spikecam_jpeg_status) {
    var status = status
    bytes = InlineArray(repeating: 0)
    withUnsafeBytes(of: &status.message) { raw in
      for index in 0..<min(200, raw.count) { bytes[index] = raw[index] }
    }
  }

  public static func == (a: JPEGMessage, b: JPEGMessage) -> Bool {
    (0..<200).allSatisfy { a.bytes[$0] == b.bytes[$0] }
  }

  public var description: String {
    var text: [UInt8] = []
    for index in 0..<200 where text.count == index {
      if bytes[index] == 0 { break }
      text.append(bytes[index])
    }
    return text.isEmpty ? "no message" : String(decoding: text, as: UTF8.self)
  }
}
