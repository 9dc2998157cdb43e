import CSpikeBoard

/// A whole input file mapped read-only, whose pages are handed back as it is read front to back
/// (they come back from the file if read again), so a long recording does not stay resident;
/// the host's `MappedFile` does the same, in the same 1 MiB steps. A class: the index walk and
/// the player hand pages back through the same record of what is released.
final class MappedInput {
  let path: String
  /// The file's bytes.
  let bytes: UnsafeRawBufferPointer
  private let base: UnsafePointer<UInt8>
  /// Bytes from the start already handed back (whole pages).
  private var releasedUpTo = 0

  /// Maps `path` (a `what`, for messages). A 32-bit board maps at most 2 GiB; a longer file is
  /// refused, not wrapped around.
  init(path: String, what: String) throws(BoardError) {
    let (fd, fileSize) = try FileReader.open(path, what: what)
    defer { close(fd) }
    guard let length = Int(exactly: fileSize), length > 0 else {
      throw BoardError(
        BoardError.badInput,
        fileSize == 0 ? "\(path): the \(what) is empty" : "\(path): too large to map on this board")
    }
    guard let mapped = spikecam_board_map_read(fd, length) else {
      throw BoardError(
        BoardError.failure, "\(path): cannot be mapped (errno \(spikecam_board_errno()))")
    }
    self.path = path
    base = mapped
    bytes = UnsafeRawBufferPointer(start: mapped, count: length)
  }

  /// The `count` bytes at `offset` as pixels.
  func pixels(at offset: Int, count: Int) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + offset, count: count)
  }

  /// Hands back the whole pages before `offset`, once at least 1 MiB more can go (or the end
  /// is reached); an offset before the last one (a replay) starts the count again.
  func release(before offset: Int) {
    if offset < releasedUpTo { releasedUpTo = 0 }
    let page = spikecam_board_page_size()
    let end = min(offset, bytes.count) / page * page
    guard end - releasedUpTo >= 1 << 20 || (offset >= bytes.count && end > releasedUpTo) else {
      return
    }
    spikecam_board_release_pages(base, releasedUpTo, end - releasedUpTo)
    releasedUpTo = end
  }

  /// A refusal of the file's format as the board's error (exit 65), unmapping it.
  func refuse(_ reason: String) -> BoardError {
    unmap()
    return BoardError(BoardError.badInput, "\(path): \(reason)")
  }

  /// Unmaps the file.
  func unmap() { spikecam_board_unmap(base, bytes.count) }
}
