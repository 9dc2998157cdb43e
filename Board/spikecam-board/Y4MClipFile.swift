import CSpikeBoard

/// A YUV4MPEG2 (`.y4m`) stream played as `spikecam run --clip` plays it, with the host's own
/// header and frame reader (`Y4MHeader`) and `Preprocess`: the luma plane of each frame,
/// downscaled and cropped to the model's input. The file is mapped and its pages handed back as
/// frames are played. A frame cut short or without its `FRAME` line stops the run with the
/// host's message.
struct Y4MClipFile: BoardClips {
  let path: String
  let header: Y4MHeader
  private(set) var frame: [UInt8]
  private let base: UnsafePointer<UInt8>
  private let size: Int
  private let preprocess: Preprocess
  private var offset: Int

  /// Maps `path` and reads its header and first frame marker, for a model whose input is
  /// `output`.
  init(path: String, output: FrameFormat) throws(BoardError) {
    let (mapped, length) = try FileReader.map(path, what: "y4m file")
    let bytes = UnsafeRawBufferPointer(start: mapped, count: length)
    let read = Result { () throws(FormatRefusal) in
      let header = try Y4MHeader(parsing: bytes)
      return (header, try header.frame(at: header.headerLength, in: bytes) != nil)
    }
    let (header, hasFrames): (Y4MHeader, Bool)
    switch read {
    case .success(let found): (header, hasFrames) = found
    case .failure(let refusal):
      spikecam_board_unmap(mapped, length)
      throw BoardError(BoardError.badInput, "\(path): \(refusal.reason)")
    }
    guard hasFrames else {
      spikecam_board_unmap(mapped, length)
      throw BoardError(BoardError.badInput, "\(path): y4m stream has no frames")
    }
    self.path = path
    self.header = header
    base = mapped
    size = length
    preprocess = Preprocess.live(for: output)
    offset = header.headerLength
    frame = [UInt8](repeating: 0, count: output.byteCount)
  }

  /// Preprocesses the next frame's luma into `frame`; false at the end of the stream.
  mutating func next() throws(BoardError) -> Bool {
    let bytes = UnsafeRawBufferPointer(start: base, count: size)
    let (header, offset) = (self.header, self.offset)
    let found = Result { () throws(FormatRefusal) in try header.frame(at: offset, in: bytes) }
    let luma: Int
    switch found {
    case .success(nil): return false
    case .success(let located?):
      luma = located.luma
      self.offset = located.next
    case .failure(let refusal):
      throw BoardError(BoardError.badInput, "\(path): \(refusal.reason)")
    }
    let (preprocess, format) = (self.preprocess, header.format)
    frame.withUnsafeMutableBufferPointer {
      preprocess.apply(
        UnsafeBufferPointer(start: base + luma, count: format.byteCount), format: format, into: $0)
    }
    spikecam_board_release_pages(base, luma)
    return true
  }

  /// Back to the first frame (its pages come back from the file).
  mutating func rewind() throws(BoardError) { offset = header.headerLength }

  /// Unmaps the file.
  func close() { spikecam_board_unmap(base, size) }
}
