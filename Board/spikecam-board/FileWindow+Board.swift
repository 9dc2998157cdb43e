import CSpikeBoard

/// The board program's side of `FileWindow`: opening a video and its errors.
extension FileWindow {
  /// Opens `path` (a `what`, for messages) with pieces of up to `capacity` bytes.
  static func open(_ path: String, what: String, capacity: Int) throws(BoardError) -> FileWindow {
    let (fd, size) = try FileReader.open(path, what: what)
    guard size > 0, let count = Int(exactly: size) else {
      CSpikeBoard.close(fd)
      throw BoardError(
        BoardError.badInput,
        size == 0 ? "\(path): the \(what) is empty" : "\(path): too large for this board's offsets")
    }
    return FileWindow(fd: fd, count: count, capacity: capacity)
  }

  /// A refusal of `path`'s format as the board's error (exit 65), closing the file.
  func refuse(_ path: String, _ reason: String) -> BoardError {
    close()
    return BoardError(BoardError.badInput, "\(path): \(reason)")
  }

  /// Throws the read failure of `path`, if one happened.
  func check(_ path: String) throws(BoardError) {
    if let failure { throw BoardError(BoardError.failure, "\(path): \(failure)") }
  }
}
