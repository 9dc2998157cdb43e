import CSpikeBoard

/// Whole-buffer reads from a file descriptor.
enum FileReader {
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
