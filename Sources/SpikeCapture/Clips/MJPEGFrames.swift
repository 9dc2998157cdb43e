/// The JPEG frames of an MJPEG file, found one at a time in stream order: an AVI written by
/// ffmpeg (`00dc` chunks of the `movi` list) or a raw stream of concatenated JPEGs (split on
/// SOI…EOI). It keeps a position, not a list, so playing a recording of any length costs the
/// same memory; every offset and length is checked against the file before use.
///
/// Plain Swift with no imports and no string comparisons (chunk ids are compared as
/// four-character codes), so the board program compiles this very file as Embedded Swift.
public struct MJPEGFrames: Sendable {
  /// The two containers understood.
  public enum Container: Sendable {
    /// RIFF/AVI (also OpenDML `AVIX` extensions), frames in `00dc` chunks.
    case avi
    /// Concatenated JPEG images (`ffmpeg -f mjpeg`, `.mjpeg`/`.mjpg`).
    case rawStream
  }

  /// Which container the file is.
  public let container: Container
  /// Frame interval from the AVI main header, in microseconds (0 when unknown).
  public private(set) var microsecondsPerFrame = 0
  /// The first frame's bytes.
  public private(set) var first: Range<Int> = 0..<0

  /// Most frames one walk of a file gives.
  public static let maxFrames = 10_000_000

  /// Longest frame a player reads (a 640×480 webcam frame is 30 to 150 KB, a 1920×1080 one at
  /// high quality under 1 MB); a longer one is skipped and counted, as a damaged one is.
  public static let largestFrame = 16 << 20

  /// Why a frame of `bytes` bytes was skipped as too long.
  public static func tooLong(_ bytes: Int) -> String {
    "\(bytes) bytes, longer than the \(largestFrame >> 20) MiB a frame may take"
  }

  /// Where the walk is: the next byte to read and, for an AVI, the end of each list it is in
  /// and where its parent goes on after it (at most 5 levels, reserved at `init`).
  private var offset = 0
  private var levels: [(end: Int, resume: Int)] = []
  private var found = 0

  /// Recognises the container from the first bytes of `bytes` and finds the first frame;
  /// refuses a file that is neither container or has no frame.
  public init<Bytes: ClipBytes>(parsing bytes: Bytes) throws(FormatRefusal) {
    if bytes.count >= 12, Self.tag(bytes, 0) == Self.riff {
      guard Self.tag(bytes, 8) == Self.aviForm else {
        throw FormatRefusal("RIFF file of type '\(Self.tagText(bytes, 8))', not AVI")
      }
      container = .avi
    } else if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xD8 {
      container = .rawStream
    } else {
      throw FormatRefusal(
        "neither an AVI file nor an MJPEG stream (no RIFF or SOI at the start)")
    }
    levels.reserveCapacity(5)
    rewind(in: bytes)
    var probe = self
    guard let frame = probe.next(in: bytes) else {
      throw FormatRefusal(
        container == .avi
          ? "AVI has no '00dc' (compressed video) frames in its movi list"
          : "MJPEG stream has no complete JPEG (SOI…EOI) frame")
    }
    first = frame
    microsecondsPerFrame = probe.microsecondsPerFrame
  }

  /// Back to the start of `bytes` (the file given to `init`).
  public mutating func rewind<Bytes: ClipBytes>(in bytes: Bytes) {
    offset = 0
    found = 0
    levels.removeAll(keepingCapacity: true)
    levels.append((end: bytes.count, resume: bytes.count))
  }

  /// The next frame's bytes, or nil at the end of the file.
  public mutating func next<Bytes: ClipBytes>(in bytes: Bytes) -> Range<Int>? {
    guard found < Self.maxFrames else { return nil }
    let frame = container == .avi ? nextChunk(bytes) : nextImage(bytes)
    if frame != nil { found += 1 }
    return frame
  }

  /// How many frames a walk from the start finds.
  public func count<Bytes: ClipBytes>(in bytes: Bytes) -> Int {
    var probe = self
    probe.rewind(in: bytes)
    var frames = 0
    while probe.next(in: bytes) != nil { frames += 1 }
    return frames
  }

  /// Every frame's bytes at once, for a program that wants them all (a benchmark, a check);
  /// players walk instead.
  public static func all<Bytes: ClipBytes>(in bytes: Bytes) throws(FormatRefusal)
    -> [Range<Int>]
  {
    var walk = try MJPEGFrames(parsing: bytes)
    var frames: [Range<Int>] = []
    while let frame = walk.next(in: bytes) { frames.append(frame) }
    return frames
  }

  /// Whether `bytes` start like a file this reads (RIFF or a JPEG's SOI), so a program can tell
  /// an MJPEG file from a raw one before reading it.
  public static func recognises<Bytes: ClipBytes>(_ bytes: Bytes) -> Bool {
    (bytes.count >= 4 && tag(bytes, 0) == riff)
      || (bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8)
  }

  // MARK: - AVI

  /// Walks RIFF chunks to the next `00dc` chunk, descending into the lists that can hold
  /// frames (RIFF `AVI `/`AVIX`, `hdrl`, `movi`, `rec `) up to 4 levels deep.
  private mutating func nextChunk<Bytes: ClipBytes>(_ bytes: Bytes) -> Range<Int>? {
    while let level = levels.last {
      let end = level.end
      guard offset + 8 <= end else {
        if levels.count == 1 { return nil }
        offset = levels.removeLast().resume
        continue
      }
      let id = Self.tag(bytes, offset)
      let data = offset + 8
      // A size past the parent's end only means "cut short": capped one byte past it, it
      // reads the same and cannot overflow an offset, on a 32-bit board too.
      let size = min(Self.u32(bytes, offset + 4) ?? Int.max, end - data + 1)
      let isList = id == Self.riff || id == Self.list
      // A chunk running past its parent is a truncated file (a recording cut short): walk
      // what is there of a list, and stop at a cut leaf chunk, keeping the frames before it.
      guard size <= end - data || (isList && end - data >= 4) else {
        if levels.count == 1 {
          offset = end
          return nil
        }
        offset = levels.removeLast().resume
        continue
      }
      let after = data + size + (size & 1)
      if isList {
        if size >= 4, levels.count <= 4, Self.framedLists.contains(Self.tag(bytes, data)) {
          levels.append((end: min(end, data + size), resume: after))
          offset = data + 4
          continue
        }
      } else if id == Self.avih {
        if size >= 4 { microsecondsPerFrame = Self.u32(bytes, data) ?? 0 }
      } else if id == Self.compressedVideo, size > 0 {
        offset = after
        return data..<(data + size)
      }
      offset = after
    }
    return nil
  }

  /// A four-character code as it reads in the file (first character in the low byte).
  static func fourcc(
    _ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar, _ d: Unicode.Scalar
  ) -> UInt32 {
    UInt32(UInt8(ascii: a)) | UInt32(UInt8(ascii: b)) << 8 | UInt32(UInt8(ascii: c)) << 16
      | UInt32(UInt8(ascii: d)) << 24
  }

  static let riff = fourcc("R", "I", "F", "F")
  static let list = fourcc("L", "I", "S", "T")
  static let aviForm = fourcc("A", "V", "I", " ")
  static let avih = fourcc("a", "v", "i", "h")
  static let compressedVideo = fourcc("0", "0", "d", "c")
  /// The lists that can hold frames: the AVI and its OpenDML extensions, the header list, the
  /// movie list and its record lists.
  static let framedLists = [
    aviForm, fourcc("A", "V", "I", "X"), fourcc("h", "d", "r", "l"), fourcc("m", "o", "v", "i"),
    fourcc("r", "e", "c", " "),
  ]

  /// The little-endian 32-bit word at `at`: a chunk id or a size.
  static func tag<Bytes: ClipBytes>(_ bytes: Bytes, _ at: Int) -> UInt32 {
    UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16
      | UInt32(bytes[at + 3]) << 24
  }

  static func tagText<Bytes: ClipBytes>(_ bytes: Bytes, _ at: Int) -> String {
    String(decoding: (at..<at + 4).map { bytes[$0] }, as: UTF8.self)
  }

  /// The 32-bit word at `at` as a count, or nil where it does not fit `Int` (a 32-bit board).
  static func u32<Bytes: ClipBytes>(_ bytes: Bytes, _ at: Int) -> Int? {
    Int(exactly: tag(bytes, at))
  }

  // MARK: - Raw streams

  /// The next complete JPEG, found by walking marker segments, so an EXIF thumbnail's own
  /// SOI/EOI inside APP1 does not end a frame early. A trailing incomplete frame is left out.
  ///
  /// Linear time: when a walk fails (a byte that is not a marker, a nested SOI, a bad length),
  /// the search for the next SOI resumes just after the last marker the walk read, not at the
  /// failed frame's start, so no byte before that marker is walked twice (restarting at the
  /// start made `FFD8 (FFE0 0004 FFD8)…` quadratic). A frame whose SOI hides inside a damaged
  /// frame's last segment is still found.
  private mutating func nextImage<Bytes: ClipBytes>(_ bytes: Bytes) -> Range<Int>? {
    let n = bytes.count
    var i = offset
    defer { offset = i }
    search: while i + 1 < n {
      guard bytes[i] == 0xFF, bytes[i + 1] == 0xD8 else {
        i += 1
        continue
      }
      let start = i
      var lastMarker = i  // the last marker this walk read
      i += 2
      while true {
        // Expect a marker here; anything else means a corrupt frame: look for the next SOI.
        guard i + 1 < n else { break search }
        guard bytes[i] == 0xFF else {
          i = lastMarker + 2
          continue search
        }
        while i + 1 < n, bytes[i + 1] == 0xFF { i += 1 }  // fill bytes
        guard i + 1 < n else { break search }
        let marker = bytes[i + 1]
        switch marker {
        case 0xD9:
          i += 2
          return start..<i
        case 0xD8:
          continue search  // a new SOI here: the frame before it was cut short
        case 0x01, 0xD0...0xD7:
          lastMarker = i
          i += 2
          continue
        default: break
        }
        guard i + 3 < n else { break search }
        let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
        guard length >= 2 else {
          i = lastMarker + 2
          continue search
        }
        lastMarker = i
        i += 2 + length
        if marker == 0xDA {
          // Entropy-coded data: FF is followed by 00 (stuffing) or a restart marker inside it.
          while i + 1 < n {
            if bytes[i] == 0xFF {
              let next = bytes[i + 1]
              if next == 0x00 || (0xD0...0xD7).contains(next) {
                i += 2
                continue
              }
              break
            }
            i += 1
          }
        }
      }
    }
    i = n
    return nil
  }

  // MARK: - Frames

  /// Width and height from a JPEG's start-of-frame segment, or nil when there is none.
  public static func dimensions(of jpeg: UnsafeRawBufferPointer) -> FrameFormat? {
    dimensions(of: 0..<jpeg.count, in: jpeg)
  }

  /// Width and height from the start-of-frame segment of the JPEG at `frame` of `bytes`.
  static func dimensions<Bytes: ClipBytes>(of frame: Range<Int>, in bytes: Bytes) -> FrameFormat? {
    let base = frame.lowerBound
    var i = 2
    let n = frame.count
    while i + 3 < n {
      guard bytes[base + i] == 0xFF else { return nil }
      let marker = bytes[base + i + 1]
      if marker == 0xFF {
        i += 1
        continue
      }
      if marker == 0x01 || (0xD0...0xD7).contains(marker) {
        i += 2
        continue
      }
      let length = Int(bytes[base + i + 2]) << 8 | Int(bytes[base + i + 3])
      // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
      if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
        guard length >= 7, i + 8 < n else { return nil }
        let height = Int(bytes[base + i + 5]) << 8 | Int(bytes[base + i + 6])
        let width = Int(bytes[base + i + 7]) << 8 | Int(bytes[base + i + 8])
        return width > 0 && height > 0 ? FrameFormat(width: width, height: height) : nil
      }
      if marker == 0xDA || marker == 0xD9 || length < 2 { return nil }
      i += 2 + length
    }
    return nil
  }

  /// The size of the first frame, which sizes the decode buffer; refused when it has no
  /// start-of-frame header or is larger than `FrameFormat.maxSide` a side.
  public func firstFrameSize<Bytes: ClipBytes>(in bytes: Bytes) throws(FormatRefusal)
    -> FrameFormat
  {
    guard let size = Self.dimensions(of: first, in: bytes) else {
      throw FormatRefusal("first frame has no JPEG start-of-frame header")
    }
    guard size.width <= FrameFormat.maxSide, size.height <= FrameFormat.maxSide else {
      throw FormatRefusal(
        "frames of \(size.width)x\(size.height) are larger than \(FrameFormat.maxSide) "
          + "pixels a side")
    }
    return size
  }

  /// Bytes of the DCT-scaled image the decode shim makes of a `size` frame: the largest scale
  /// denominator (8, 4, 2) whose output still covers `minimum`, as `spikecam_jpeg_decode_gray`
  /// chooses it. Sizing the decode buffer for that, not the full frame, keeps a file that
  /// claims 16384×16384 from costing 256 MiB at open (4 MiB instead); a later frame larger
  /// than the first is skipped as too large.
  public static func decodeBytes(of size: FrameFormat, covering minimum: FrameFormat) -> Int {
    for denominator in [8, 4, 2] {
      let width = (size.width + denominator - 1) / denominator
      let height = (size.height + denominator - 1) / denominator
      if width >= minimum.width && height >= minimum.height { return width * height }
    }
    return size.byteCount
  }
}
