import CSpikeBoard

/// An MJPEG video (an AVI or concatenated JPEGs) played as `spikecam run --clip` plays it, with
/// the host's own code for each step: its frame walk (`MJPEGFrames`), its libjpeg shim at the
/// smallest DCT scale that covers the scaled image, its `Preprocess`, and frames that do not
/// decode cleanly skipped and counted. The file is read through one buffer that moves over it
/// (`FileWindow`), so a recording of any length costs the same memory.
struct MJPEGClipFile: BoardClips {
  /// Frames in the file (counted by one walk at open).
  let frameCount: Int
  /// Frames skipped so far (not decoded cleanly), and libjpeg's word on the last one.
  private(set) var skipped = 0
  private(set) var lastSkipReason = ""
  private(set) var frame: [UInt8]
  private let path: String
  private let file: FileWindow
  private let preprocess: Preprocess
  private let minimum: FrameFormat
  private var decoded: [UInt8]
  /// Where the frames are: a position in the file, not a list, so memory does not grow with it.
  private var walk: MJPEGFrames
  /// The number in the file of the frame `walk` gives next.
  private var nextFrame = 0

  /// Opens `path` and counts its frames, for a model whose input is `output`.
  init(path: String, output: FrameFormat) throws(BoardError) {
    let file = try FileWindow.open(path, what: "video file", capacity: MJPEGFrames.largestFrame)
    let found = Result { () throws(FormatRefusal) in
      let walk = try MJPEGFrames(parsing: file)
      return (walk, try walk.firstFrameSize(in: file))
    }
    guard case .success(let (walk, first)) = found else {
      throw file.refuse(path, found.refusal)
    }
    let count = walk.count(in: file)
    try file.check(path)
    self.path = path
    self.file = file
    self.walk = walk
    frameCount = count
    preprocess = Preprocess.live(for: output)
    minimum = preprocess.scaledFormat(for: first)
    decoded = [UInt8](repeating: 0, count: MJPEGFrames.decodeBytes(of: first, covering: minimum))
    frame = [UInt8](repeating: 0, count: output.byteCount)
  }

  /// Decodes the next frame that decodes cleanly into `frame`; false at the end of the file.
  /// Refuses a file none of whose frames decodes cleanly, as the host does.
  mutating func next() throws(BoardError) -> Bool {
    var failuresInARow = 0
    var status = spikecam_jpeg_status()
    while nextFrame < frameCount {
      // The file does not change, so the walk finds the frames it counted.
      guard let range = walk.next(in: file) else {
        try file.check(path)
        return false
      }
      nextFrame += 1
      let reason: String
      if let jpeg = file.bytes(range)?.bindMemory(to: UInt8.self) {
        let (wanted, capacity) = (minimum, decoded.count)
        decoded.withUnsafeMutableBufferPointer {
          spikecam_jpeg_decode_gray(
            jpeg.baseAddress!, jpeg.count, Int32(wanted.width), Int32(wanted.height),
            $0.baseAddress!, capacity, &status)
        }
        if status.code == 0 && status.warnings == 0 {
          let format = FrameFormat(width: Int(status.width), height: Int(status.height))
          let preprocess = self.preprocess
          decoded.withUnsafeBufferPointer { input in
            frame.withUnsafeMutableBufferPointer {
              preprocess.apply(input, format: format, into: $0)
            }
          }
          return true
        }
        reason = Self.message(&status)
      } else {
        try file.check(path)
        reason = MJPEGFrames.tooLong(range.count)
      }
      skipped += 1
      failuresInARow += 1
      lastSkipReason = "frame \(nextFrame - 1): \(reason)"
      if failuresInARow >= frameCount {
        throw BoardError(
          BoardError.badInput, "\(path): no frame decodes cleanly (\(lastSkipReason))")
      }
    }
    return false
  }

  /// Back to the first frame.
  mutating func rewind() throws(BoardError) {
    nextFrame = 0
    walk.rewind(in: file)
  }

  /// Closes the file.
  func close() { file.close() }

  /// libjpeg's message in a status, or what the code means when it left none.
  static func message(_ status: inout spikecam_jpeg_status) -> String {
    if status.code == -2 {
      return "decodes to \(status.width)x\(status.height), larger than the first frame"
    }
    return withUnsafeBytes(of: &status.message) { raw in
      let text = raw.prefix { $0 != 0 }
      return text.isEmpty ? "libjpeg error \(status.code)" : String(decoding: text, as: UTF8.self)
    }
  }
}
