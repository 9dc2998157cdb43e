import CSpikeBoard

/// A clip file read through one buffer of fixed size that moves over it: the frame walks read
/// any byte by its offset in the file (`ClipBytes`), and the buffer is refilled from that offset
/// when they step outside it. Memory is the buffer, whatever the file's length, and nothing of
/// the file stays mapped (a mapping handed back as it is read still kept the kernel's large
/// page-cache folios resident, up to several MiB ahead of the reader). A class: the walk and
/// the player share the one buffer.
final class FileWindow: ClipBytes {
  let path: String
  /// The file's length.
  let count: Int
  /// Bytes the buffer holds; no piece handed out whole (`bytes(_:)`) can be longer.
  let capacity: Int
  /// Why a read failed, once one has (the walk then sees zeros and ends; the player reports it).
  private(set) var failure: String?
  private let fd: Int32
  private let buffer: UnsafeMutableRawBufferPointer
  /// The file's offset of `buffer[0]`, and how many bytes of the buffer hold the file.
  private var start = 0
  private var filled = 0

  /// Opens `path` (a `what`, for messages) with a buffer of `capacity` bytes.
  init(path: String, what: String, capacity: Int) throws(BoardError) {
    let (fd, size) = try FileReader.open(path, what: what)
    guard size > 0 else {
      CSpikeBoard.close(fd)
      throw BoardError(BoardError.badInput, "\(path): the \(what) is empty")
    }
    guard let count = Int(exactly: size) else {
      CSpikeBoard.close(fd)
      throw BoardError(BoardError.badInput, "\(path): too large for this board's offsets")
    }
    self.path = path
    self.fd = fd
    self.count = count
    self.capacity = capacity
    buffer = .allocate(byteCount: capacity, alignment: 16)
  }

  deinit { buffer.deallocate() }

  /// The byte at `offset`; 0 once a read has failed.
  subscript(offset: Int) -> UInt8 {
    if offset < start || offset >= start + filled { fill(at: offset) }
    let i = offset - start
    return i >= 0 && i < filled ? buffer[i] : 0
  }

  /// The bytes of `range` in one piece, valid until the next read; nil when the range is longer
  /// than the buffer, lies outside the file, or a read failed.
  func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer? {
    guard range.count <= capacity, range.lowerBound >= 0, range.upperBound <= count else {
      return nil
    }
    if range.lowerBound < start || range.upperBound > start + filled {
      fill(at: range.lowerBound)
      guard range.upperBound <= start + filled else { return nil }
    }
    return UnsafeRawBufferPointer(
      rebasing: buffer[(range.lowerBound - start)..<(range.upperBound - start)])
  }

  /// Refills the buffer from `offset`.
  private func fill(at offset: Int) {
    start = max(0, min(offset, count))
    filled = 0
    guard failure == nil, start < count else { return }
    let wanted = min(capacity, count - start)
    let got = spikecam_board_read_at(fd, buffer.baseAddress!, wanted, Int64(start))
    if got < 0 {
      failure = "read failed (errno \(-got))"
    } else if got < wanted {
      failure = "the file shrank while being read"
      filled = Int(got)
    } else {
      filled = Int(got)
    }
  }

  /// A refusal of the file's format as the board's error (exit 65), closing it.
  func refuse(_ reason: String) -> BoardError {
    close()
    return BoardError(BoardError.badInput, "\(path): \(reason)")
  }

  /// Throws the read failure, if one happened.
  func check() throws(BoardError) {
    if let failure { throw BoardError(BoardError.failure, "\(path): \(failure)") }
  }

  /// Closes the file.
  func close() { CSpikeBoard.close(fd) }
}
