import CSpikeBoard

/// A YUV4MPEG2 (`.y4m`) stream played as `spikecam run --clip` plays it, with the host's own
/// header and frame reader (`Y4MHeader`) and `Preprocess`: the luma plane of each frame,
/// downscaled and cropped to the model's input. The file is mapped and its pages handed back as
/// frames are played. A frame cut short or without its `FRAME` line stops the run with the
/// host's message.
struct Y4MClipFile: BoardClips {
  let header: Y4MHeader
  private(set) var frame: [UInt8]
  private let file: MappedInput
  private let preprocess: Preprocess
  private var offset: Int

  /// Maps `path` and reads its header and first frame marker, for a model whose input is
  /// `output`.
  init(path: String, output: FrameFormat) throws(BoardError) {
    let file = try MappedInput(path: path, what: "y4m file")
    let read = Result { () throws(FormatRefusal) in
      let header = try Y4MHeader(parsing: file.bytes)
      guard try header.frame(at: header.headerLength, in: file.bytes) != nil else {
        throw FormatRefusal("y4m stream has no frames")
      }
      return header
    }
    guard case .success(let header) = read else { throw file.refuse(read.refusal) }
    self.file = file
    self.header = header
    preprocess = Preprocess.live(for: output)
    offset = header.headerLength
    frame = [UInt8](repeating: 0, count: output.byteCount)
  }

  /// Preprocesses the next frame's luma into `frame`; false at the end of the stream.
  mutating func next() throws(BoardError) -> Bool {
    let (file, header, offset) = (self.file, self.header, self.offset)
    let found = Result { () throws(FormatRefusal) in try header.frame(at: offset, in: file.bytes) }
    guard case .success(let located) = found else {
      throw BoardError(BoardError.badInput, "\(file.path): \(found.refusal)")
    }
    guard let (luma, next) = located else { return false }
    self.offset = next
    let (preprocess, format) = (self.preprocess, header.format)
    frame.withUnsafeMutableBufferPointer {
      preprocess.apply(file.pixels(at: luma, count: format.byteCount), format: format, into: $0)
    }
    file.release(before: luma)
    return true
  }

  /// Back to the first frame (its pages come back from the file).
  mutating func rewind() throws(BoardError) { offset = header.headerLength }

  /// Unmaps the file.
  func close() { file.unmap() }
}
