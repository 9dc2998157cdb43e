import CSpikeBoard

/// A raw clip file (Gesture-9's `<split>_clips.u8`): frames of the model's width × height luma,
/// back to back. Read one frame at a time into one buffer, so memory does not grow with the
/// file; `rewind` plays it again.
struct RawClipFile: BoardClips {
  let path: String
  let frameBytes: Int
  /// Whole frames in the file.
  let frameCount: Int
  /// The frame last read.
  private(set) var frame: [UInt8]
  private let fd: Int32

  /// Opens `path` for frames of `frameBytes`; the file must hold whole frames.
  init(path: String, frameBytes: Int) throws(BoardError) {
    let (fd, size) = try FileReader.open(path, what: "clip file")
    self.fd = fd
    guard size > 0 else {
      CSpikeBoard.close(fd)
      throw BoardError(BoardError.badInput, "\(path): the clip file is empty")
    }
    guard size % Int64(frameBytes) == 0 else {
      CSpikeBoard.close(fd)
      throw BoardError(
        BoardError.badInput,
        "\(path): \(size) bytes is not a whole number of \(frameBytes)-byte frames "
          + "(the model's width × height)")
    }
    self.path = path
    self.frameBytes = frameBytes
    frameCount = Int(size / Int64(frameBytes))
    frame = [UInt8](repeating: 0, count: frameBytes)
  }

  /// Reads the next frame into `frame`; false at the end of the file.
  mutating func next() throws(BoardError) -> Bool {
    let (fd, path) = (self.fd, self.path)
    let got = try frame.withUnsafeMutableBytes { buffer in
      Result { () throws(BoardError) in try FileReader.fill(fd, buffer, path: path) }
    }.get()
    if got == 0 { return false }
    guard got == frameBytes else {
      throw BoardError(BoardError.failure, "\(path): the file shrank while being read")
    }
    return true
  }

  /// Back to the first frame.
  func rewind() throws(BoardError) {
    guard lseek(fd, 0, SEEK_SET) == 0 else {
      throw BoardError(BoardError.failure, "\(path): cannot seek (errno \(spikecam_board_errno()))")
    }
  }

  /// Closes the file.
  func close() { CSpikeBoard.close(fd) }
}
