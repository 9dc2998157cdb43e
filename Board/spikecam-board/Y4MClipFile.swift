import CSpikeBoard

/// A YUV4MPEG2 (`.y4m`) stream played as `spikecam run --clip` plays it, with the host's own
/// header and frame reader (`Y4MHeader`) and `Preprocess`: the luma plane of each frame,
/// downscaled and cropped to the model's input. The file is read through one buffer of a
/// frame's luma plane and its `FRAME` line (`FileWindow`), whatever the stream's length. A frame
/// cut short or without its `FRAME` line stops the run with the host's message.
struct Y4MClipFile: BoardClips {
  let header: Y4MHeader
  private(set) var frame: [UInt8]
  private let path: String
  private let file: FileWindow
  private let preprocess: Preprocess
  private var offset: Int

  /// Opens `path` and reads its header and first frame marker, for a model whose input is
  /// `output`.
  init(path: String, output: FrameFormat) throws(BoardError) {
    // A buffer of the longest header line, made room for a frame once the header is read.
    let file = try FileWindow.open(path, what: "y4m file", capacity: Y4MHeader.maxLine)
    let read = Result { () throws(FormatRefusal) in
      guard let header = try Y4MHeader.read(from: file) else { return nil as Y4MHeader? }
      guard try header.frame(at: header.headerLength, in: file) != nil else {
        throw FormatRefusal("y4m stream has no frames")
      }
      return header
    }
    try file.check(path)
    guard case .success(let found) = read else { throw file.refuse(path, read.refusal) }
    guard let header = found else {
      file.close()
      throw BoardError(BoardError.failure, "\(path): cannot read the header")
    }
    self.path = path
    self.file = file
    self.header = header
    preprocess = Preprocess.live(for: output)
    offset = header.headerLength
    frame = [UInt8](repeating: 0, count: output.byteCount)
  }

  /// Preprocesses the next frame's luma into `frame`; false at the end of the stream.
  mutating func next() throws(BoardError) -> Bool {
    let (file, header, offset) = (self.file, self.header, self.offset)
    let found = Result { () throws(FormatRefusal) in try header.frame(at: offset, in: file) }
    try file.check(path)
    guard case .success(let located) = found else {
      throw BoardError(BoardError.badInput, "\(path): \(found.refusal)")
    }
    guard let (luma, next) = located else { return false }
    self.offset = next
    let (preprocess, format) = (self.preprocess, header.format)
    guard let plane = file.bytes(luma..<(luma + format.byteCount)) else {
      try file.check(path)
      throw BoardError(
        BoardError.failure, "\(path): the luma plane at byte \(luma) is unreadable")
    }
    frame.withUnsafeMutableBufferPointer {
      preprocess.apply(plane.bindMemory(to: UInt8.self), format: format, into: $0)
    }
    return true
  }

  /// Back to the first frame.
  mutating func rewind() throws(BoardError) { offset = header.headerLength }

  /// Closes the file.
  func close() { file.close() }
}
