/// The stream header of a YUV4MPEG2 (`.y4m`) file, as ffmpeg and the mjpegtools write it:
/// `YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C422 …\n`, then per frame `FRAME[ params]\n` followed by
/// the planes. Only the luma plane is used; the chroma planes are skipped by their size.
public struct Y4MHeader: Sendable, Equatable {
  /// Chroma layouts of 8-bit y4m streams.
  public enum Chroma: Sendable {
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

  /// Parses the header line at the start of `bytes`. Plain bytes throughout (no string
  /// comparisons), so the board program compiles this very file as Embedded Swift.
  public init(parsing bytes: UnsafeRawBufferPointer) throws(FormatRefusal) {
    guard Self.startsY4M(bytes) else {
      throw FormatRefusal("not a y4m stream (no 'YUV4MPEG2' header)")
    }
    let start = Self.magic.count
    let limit = min(bytes.count, Self.maxLine)
    guard let end = (start..<limit).first(where: { bytes[$0] == 0x0A }) else {
      throw FormatRefusal("y4m header line does not end within \(Self.maxLine) bytes")
    }
    var width = 0
    var height = 0
    var chroma = Chroma.c420
    var rate = (numerator: 0, denominator: 0)
    let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    for token in line.split(separator: 0x20) {
      guard let tag = token.first else { continue }
      let value = token.dropFirst()
      switch tag {
      case UInt8(ascii: "W"): width = Self.decimal(value) ?? -1
      case UInt8(ascii: "H"): height = Self.decimal(value) ?? -1
      case UInt8(ascii: "F"):
        let parts = value.split(separator: UInt8(ascii: ":"))
        if parts.count == 2, let n = Self.decimal(parts[0]), let d = Self.decimal(parts[1]),
          n > 0, d > 0, n <= 1_000_000, d <= 1_000_000
        {
          rate = (n, d)
        }
      case UInt8(ascii: "C"):
        guard let named = Self.chromaNames.first(where: { value.elementsEqual($0.name) })
        else {
          throw FormatRefusal(
            "y4m colour space 'C\(String(decoding: value, as: UTF8.self))' is not supported "
              + "(8-bit 420/422/444/411/mono only)")
        }
        chroma = named.chroma
      default: break  // I (interlacing), A (aspect), X (extensions) do not change the planes
      }
    }
    guard width >= 1, height >= 1 else { throw FormatRefusal("y4m header has no valid W and H") }
    guard width <= FrameFormat.maxSide, height <= FrameFormat.maxSide else {
      throw FormatRefusal(
        "y4m frame \(width)x\(height) is larger than \(FrameFormat.maxSide) pixels a side")
    }
    format = FrameFormat(width: width, height: height)
    self.chroma = chroma
    frameRate = rate
    headerLength = end + 1
  }

  /// Parses the header at the start of `file` and makes room in its buffer for a frame's luma
  /// plane and `FRAME` line; nil when the file cannot be read (`file.failure` says why).
  public static func read(from file: FileWindow) throws(FormatRefusal) -> Y4MHeader? {
    guard let start = file.bytes(0..<min(file.count, maxLine)) else { return nil }
    let header = try Y4MHeader(parsing: start)
    file.reserve(header.format.byteCount + maxLine)
    return header
  }

  static let magic: [UInt8] = Array("YUV4MPEG2".utf8)

  /// The `C` tag's values and the layouts they name.
  static let chromaNames: [(name: [UInt8], chroma: Chroma)] = {
    let named: [(String, Chroma)] = [
      ("420", .c420), ("420jpeg", .c420), ("420paldv", .c420), ("420mpeg2", .c420),
      ("422", .c422), ("444", .c444), ("411", .c411), ("mono", .mono), ("444alpha", .c444alpha),
    ]
    return named.map { (Array($0.0.utf8), $0.1) }
  }()

  /// Whether `bytes` start with the y4m signature.
  public static func startsY4M(_ bytes: UnsafeRawBufferPointer) -> Bool {
    bytes.count >= magic.count && magic.indices.allSatisfy { bytes[$0] == magic[$0] }
  }

  /// A decimal number of at most 9 digits (larger values are refused by the caller's limits).
  static func decimal<Digits: Collection<UInt8>>(_ digits: Digits) -> Int? {
    guard !digits.isEmpty, digits.count <= 9 else { return nil }
    var value = 0
    for d in digits {
      guard d >= 0x30, d <= 0x39 else { return nil }
      value = value * 10 + Int(d - 0x30)
    }
    return value
  }

  /// Finds the frame starting at `offset`: returns the offset of its luma plane and of the next
  /// frame, or nil when `offset` is the end of the stream.
  public func frame<Bytes: ClipBytes>(at offset: Int, in bytes: Bytes) throws(FormatRefusal)
    -> (luma: Int, next: Int)?
  {
    if offset >= bytes.count { return nil }
    let tag = Self.frameTag
    guard bytes.count - offset >= tag.count,
      tag.indices.allSatisfy({ bytes[offset + $0] == tag[$0] })
    else { throw FormatRefusal("no FRAME marker at byte \(offset)") }
    let limit = min(bytes.count, offset + Self.maxLine)
    guard let end = (offset + tag.count..<limit).first(where: { bytes[$0] == 0x0A }) else {
      throw FormatRefusal("FRAME line at byte \(offset) does not end")
    }
    let luma = end + 1
    guard bytes.count - luma >= planeBytes else {
      throw FormatRefusal("truncated frame at byte \(offset)")
    }
    return (luma, luma + planeBytes)
  }
}
