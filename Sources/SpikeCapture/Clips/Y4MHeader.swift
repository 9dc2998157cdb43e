/// The stream header of a YUV4MPEG2 (`.y4m`) file, as ffmpeg and the mjpegtools write it:
/// `YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C422 …\n`, then per frame `FRAME[ params]\n` followed by
/// the planes. Only the luma plane is used; the chroma planes are skipped by their size.
public struct Y4MHeader: Sendable, Equatable {
  /// Chroma layouts of 8-bit y4m streams.
  public enum Chroma: String, Sendable {
    case c420, c422, c444, c411, mono, c444alpha

    /// Bytes of the planes after luma in one frame.
    func extraBytes(width: Int, height: Int) -> Int {
      switch self {
      case .c420: return 2 * ((width + 1) / 2) * ((height + 1) / 2)
      case .c422: return 2 * ((width + 1) / 2) * height
      case .c411: return 2 * ((width + 3) / 4) * height
      case .c444: return 2 * width * height
      case .c444alpha: return 3 * width * height
      case .mono: return 0
      }
    }
  }

  /// Luma size.
  public var format: FrameFormat
  /// Chroma layout (`C` tag; 4:2:0 when absent, as the format defines).
  public var chroma: Chroma
  /// Frame rate numerator and denominator (`F` tag); 0:0 when absent or unknown.
  public var frameRate: (numerator: Int, denominator: Int)
  /// Length of the header line including its newline.
  public var headerLength: Int

  /// Bytes of the planes of one frame (without the `FRAME` line).
  public var planeBytes: Int {
    format.byteCount + chroma.extraBytes(width: format.width, height: format.height)
  }

  public static func == (a: Y4MHeader, b: Y4MHeader) -> Bool {
    a.format == b.format && a.chroma == b.chroma && a.frameRate == b.frameRate
      && a.headerLength == b.headerLength
  }

  /// The marker that starts every frame.
  static let frameTag: [UInt8] = Array("FRAME".utf8)

  /// Longest header or `FRAME` line accepted.
  static let maxLine = 4096

  /// Parses the stream header at the start of `bytes`; `name` is used in error messages.
  public init(parsing bytes: UnsafeRawBufferPointer, name: String) throws(CaptureError) {
    func bad(_ reason: String) -> CaptureError { .badFile(path: name, reason: reason) }
    let magic = Array("YUV4MPEG2".utf8)
    guard bytes.count >= magic.count, magic.indices.allSatisfy({ bytes[$0] == magic[$0] }) else {
      throw bad("not a y4m stream (no 'YUV4MPEG2' header)")
    }
    let limit = min(bytes.count, Self.maxLine)
    guard let end = (magic.count..<limit).first(where: { bytes[$0] == 0x0A }) else {
      throw bad("y4m header line does not end within \(Self.maxLine) bytes")
    }
    var width = 0
    var height = 0
    var chroma = Chroma.c420
    var rate = (numerator: 0, denominator: 0)
    let line = String(
      decoding: UnsafeRawBufferPointer(rebasing: bytes[magic.count..<end]), as: UTF8.self)
    for token in line.split(separator: " ") {
      let tag = token.first
      let value = token.dropFirst()
      switch tag {
      case "W": width = Int(value) ?? -1
      case "H": height = Int(value) ?? -1
      case "F":
        let parts = value.split(separator: ":")
        if parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), n > 0, d > 0,
          n <= 1_000_000, d <= 1_000_000
        {
          rate = (n, d)
        }
      case "C":
        switch value {
        case "420", "420jpeg", "420paldv", "420mpeg2": chroma = .c420
        case "422": chroma = .c422
        case "444": chroma = .c444
        case "411": chroma = .c411
        case "mono": chroma = .mono
        case "444alpha": chroma = .c444alpha
        default:
          throw bad(
            "y4m colour space 'C\(value)' is not supported (8-bit 420/422/444/411/mono only)")
        }
      default: break  // I (interlacing), A (aspect), X (extensions) do not change the planes
      }
    }
    guard width >= 1, height >= 1 else { throw bad("y4m header has no valid W and H") }
    guard width <= PGM.maxSide, height <= PGM.maxSide else {
      throw bad("y4m frame \(width)x\(height) is larger than \(PGM.maxSide) pixels a side")
    }
    format = FrameFormat(width: width, height: height)
    self.chroma = chroma
    frameRate = rate
    headerLength = end + 1
  }

  /// Finds the frame starting at `offset`: returns the offset of its luma plane and of the next
  /// frame, or nil when `offset` is the end of the stream.
  func frame(at offset: Int, in bytes: UnsafeRawBufferPointer, name: String) throws(CaptureError)
    -> (luma: Int, next: Int)?
  {
    if offset >= bytes.count { return nil }
    let tag = Self.frameTag
    guard bytes.count - offset >= tag.count,
      tag.indices.allSatisfy({ bytes[offset + $0] == tag[$0] })
    else { throw .badFile(path: name, reason: "no FRAME marker at byte \(offset)") }
    let limit = min(bytes.count, offset + Self.maxLine)
    guard let end = (offset + tag.count..<limit).first(where: { bytes[$0] == 0x0A }) else {
      throw .badFile(path: name, reason: "FRAME line at byte \(offset) does not end")
    }
    let luma = end + 1
    guard bytes.count - luma >= planeBytes else {
      throw .badFile(path: name, reason: "truncated frame at byte \(offset)")
    }
    return (luma, luma + planeBytes)
  }
}
