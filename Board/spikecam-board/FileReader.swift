import CSpikeBoard

/// Opening input files and whole-buffer reads from them.
enum FileReader {
  /// Opens `path` (a `what`, for messages) for reading: its descriptor and size. A missing file,
  /// one that cannot be opened and one that is not a regular file are each their own error.
  static func open(_ path: String, what: String) throws(BoardError) -> (fd: Int32, size: Int64) {
    let fd = spikecam_board_open_read(path)
    guard fd >= 0 else {
      let e = spikecam_board_errno()
      if e == ENOENT { throw BoardError(BoardError.missingInput, "\(path): no such \(what)") }
      throw BoardError(BoardError.failure, "\(path): cannot be opened (errno \(e))")
    }
    let size = spikecam_board_file_size(fd)
    guard size >= 0 else {
      close(fd)
      throw BoardError(BoardError.badInput, "\(path): not a regular file")
    }
    return (fd, size)
  }

  /// What the file at `path` holds, by its first bytes (a video's or y4m's signature, else raw
  /// frames); raw when it cannot be read (opening it as raw frames then says why).
  static func kind(of path: String) -> ClipKind {
    let fd = spikecam_board_open_read(path)
    guard fd >= 0 else { return .raw }
    defer { close(fd) }
    var head = [UInt8](repeating: 0, count: 16)
    let got = head.withUnsafeMutableBytes { buffer in
      Result { () throws(BoardError) in try fill(fd, buffer, path: path) }
    }
    guard case .success(let n) = got else { return .raw }
    return head.withUnsafeBytes {
      let start = UnsafeRawBufferPointer(rebasing: $0[0..<n])
      if Y4MHeader.startsY4M(start) { return .y4m }
      return MJPEGFrames.recognises(start) ? .mjpeg : .raw
    }
  }

  /// Reads until `buffer` is full or the file ends; returns the bytes read. EINTR is retried.
  static func fill(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, path: String)
    throws(BoardError) -> Int
  {
    var done = 0
    while done < buffer.count {
      let n = read(fd, buffer.baseAddress! + done, buffer.count - done)
      if n == 0 { break }
      if n < 0 {
        let e = spikecam_board_errno()
        if e == EINTR { continue }
        throw BoardError(BoardError.failure, "\(path): read failed (errno \(e))")
      }
      done += n
    }
    return done
  }
}
