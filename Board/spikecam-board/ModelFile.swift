import CSpikeBoard

/// A model file read whole into memory with plain reads (no mapping, so a file changed while
/// the program runs cannot change the bytes it checked). Capped, like the host reader.
enum ModelFile {
  /// Largest model file accepted (the bundled int8 models are under 200 KB).
  static let maximumBytes = 256 << 20

  /// The bytes of `path`.
  static func read(_ path: String) throws(BoardError) -> [UInt8] {
    let fd = spikecam_board_open_read(path)
    guard fd >= 0 else {
      let e = spikecam_board_errno()
      if e == ENOENT { throw BoardError(BoardError.missingInput, "\(path): file: no such file") }
      throw BoardError(BoardError.failure, "\(path): file: cannot be opened (errno \(e))")
    }
    defer { close(fd) }
    let size = spikecam_board_file_size(fd)
    guard size >= 0 else {
      throw BoardError(BoardError.badInput, "\(path): file: not a regular file")
    }
    guard size <= Int64(maximumBytes) else {
      throw BoardError(
        BoardError.badInput, "\(path): file: \(size) bytes exceeds the \(maximumBytes)-byte cap")
    }
    var bytes = [UInt8](repeating: 0, count: Int(size))
    let got = try bytes.withUnsafeMutableBytes { buffer in
      Result { () throws(BoardError) in try FileReader.fill(fd, buffer, path: path) }
    }.get()
    guard got == bytes.count else {
      throw BoardError(BoardError.failure, "\(path): file: changed size while being read")
    }
    return bytes
  }
}
