/// Where the JPEG frames are in an MJPEG file: an AVI written by ffmpeg (`00dc` chunks of the
/// `movi` list) or a raw stream of concatenated JPEGs (split on SOI…EOI). Built once when a
/// file is opened; every offset and length is checked against the file before use.
public struct MJPEGIndex: Sendable, Equatable {
  /// The two containers understood.
  public enum Container: String, Sendable {
    /// RIFF/AVI (also OpenDML `AVIX` extensions), frames in `00dc` chunks.
    case avi
    /// Concatenated JPEG images (`ffmpeg -f mjpeg`, `.mjpeg`/`.mjpg`).
    case rawStream
  }

  /// Which container the file is.
  public var container: Container
  /// Byte ranges of the frames, in stream order.
  public var frames: [Range<Int>]
  /// Frame interval from the AVI main header, in microseconds (0 when unknown).
  public var microsecondsPerFrame: Int

  /// Most frames indexed in one file.
  public static let maxFrames = 10_000_000

  /// Indexes `bytes`, choosing the container from its first bytes. `passed` is told, after
  /// each frame found, the offset before which the walk reads no more (a mapped file hands
  /// those pages back, so indexing a long recording does not make it all resident).
  public init(
    parsing bytes: UnsafeRawBufferPointer, name: String, passed: (Int) -> Void = { _ in }
  ) throws(CaptureError) {
    if bytes.count >= 12, Self.tag(bytes, 0) == "RIFF" {
      guard Self.tag(bytes, 8) == "AVI " else {
        throw .badFile(path: name, reason: "RIFF file of type '\(Self.tag(bytes, 8))', not AVI")
      }
      container = .avi
      frames = []
      microsecondsPerFrame = 0
      var walk = AVIWalk()
      walk.chunks(in: bytes, from: 0, to: bytes.count, depth: 0, passed: passed)
      frames = walk.frames
      microsecondsPerFrame = walk.microsecondsPerFrame
      guard !frames.isEmpty else {
        throw .badFile(
          path: name, reason: "AVI has no '00dc' (compressed video) frames in its movi list")
      }
    } else if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xD8 {
      container = .rawStream
      frames = Self.rawFrames(bytes, passed: passed)
      microsecondsPerFrame = 0
      guard !frames.isEmpty else {
        throw .badFile(path: name, reason: "MJPEG stream has no complete JPEG (SOI…EOI) frame")
      }
    } else {
      throw .badFile(
        path: name, reason: "neither an AVI file nor an MJPEG stream (no RIFF or SOI at the start)")
    }
  }

  static func tag(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> String {
    String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<at + 4]), as: UTF8.self)
  }

  static func u32(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Int {
    Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
  }

  /// Walks RIFF chunks, descending into the lists that can hold frames.
  struct AVIWalk {
    var frames: [Range<Int>] = []
    var microsecondsPerFrame = 0

    mutating func chunks(
      in bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, depth: Int,
      passed: (Int) -> Void
    ) {
      var offset = start
      while offset + 8 <= end, frames.count < maxFrames {
        let id = tag(bytes, offset)
        let size = u32(bytes, offset + 4)
        let data = offset + 8
        let isList = id == "RIFF" || id == "LIST"
        // A chunk running past its parent is a truncated file (a recording cut short): walk
        // what is there of a list, and stop at a cut leaf chunk, keeping the frames before it.
        guard size <= end - data || (isList && end - data >= 4) else { return }
        switch id {
        case "RIFF", "LIST":
          if size >= 4, depth < 4 {
            let kind = tag(bytes, data)
            if ["AVI ", "AVIX", "hdrl", "movi", "rec "].contains(kind) {
              chunks(
                in: bytes, from: data + 4, to: min(end, data + size), depth: depth + 1,
                passed: passed)
            }
          }
        case "avih":
          if size >= 4 { microsecondsPerFrame = u32(bytes, data) }
        case "00dc":
          if size > 0 {
            frames.append(data..<(data + size))
            passed(data)
          }
        default: break
        }
        offset = data + size + (size & 1)
      }
    }
  }

  /// Splits concatenated JPEGs by walking their marker segments, so an EXIF thumbnail's own
  /// SOI/EOI inside APP1 does not end a frame early. A trailing incomplete frame is left out.
  ///
  /// Linear time: when a walk fails (a byte that is not a marker, a nested SOI, a bad length),
  /// the search for the next SOI resumes just after the last marker the walk read, not at the
  /// failed frame's start, so no byte before that marker is walked twice (restarting at the
  /// start made `FFD8 (FFE0 0004 FFD8)…` quadratic). A frame whose SOI hides inside a damaged
  /// frame's last segment is still found.
  static func rawFrames(_ bytes: UnsafeRawBufferPointer, passed: (Int) -> Void = { _ in })
    -> [Range<Int>]
  {
    var frames: [Range<Int>] = []
    let n = bytes.count
    var i = 0
    search: while i + 1 < n, frames.count < maxFrames {
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
          frames.append(start..<(i + 2))
          i += 2
          passed(i)
          continue search
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
    return frames
  }

  /// Width and height from a JPEG's start-of-frame segment, or nil when there is none.
  static func dimensions(of jpeg: UnsafeRawBufferPointer) -> FrameFormat? {
    var i = 2
    let n = jpeg.count
    while i + 3 < n {
      guard jpeg[i] == 0xFF else { return nil }
      let marker = jpeg[i + 1]
      if marker == 0xFF {
        i += 1
        continue
      }
      if marker == 0x01 || (0xD0...0xD7).contains(marker) {
        i += 2
        continue
      }
      let length = Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3])
      // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
      if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
        guard length >= 7, i + 8 < n else { return nil }
        let height = Int(jpeg[i + 5]) << 8 | Int(jpeg[i + 6])
        let width = Int(jpeg[i + 7]) << 8 | Int(jpeg[i + 8])
        return width > 0 && height > 0 ? FrameFormat(width: width, height: height) : nil
      }
      if marker == 0xDA || marker == 0xD9 || length < 2 { return nil }
      i += 2 + length
    }
    return nil
  }
}
