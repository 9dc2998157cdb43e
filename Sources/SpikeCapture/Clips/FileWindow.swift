#if canImport(Glibc)
  import Glibc
#else
  import CSpikeBoard  // the board program: glibc's declarations through its C seam
#endif

/// A clip file read through one buffer that moves over it: the frame walks read any byte by its
/// offset in the file (`ClipBytes`), and the buffer is refilled from that offset, `chunk` bytes
/// at a time, when they step outside it; a piece wanted whole (`bytes(_:)`, a frame) is read in
/// one refill. Memory is the buffer's pages that were used, whatever the file's length, and
/// nothing of the file is mapped (a mapping handed back behind the reader still kept the kernel's
/// large page-cache folios resident ahead of it, up to several MiB). Content held in memory is
/// one buffer that never moves. A class: a walk and its player share the buffer.
///
/// No Foundation and no error types of either program, so `spikecam run` and the board program
/// compile this very file; each opens the file its own way and reports `failure` in its own.
public final class FileWindow: ClipBytes {
  /// The file's length.
  public let count: Int
  /// The longest piece handed out whole (`bytes(_:)`); the buffer's size.
  public private(set) var capacity: Int
  /// Why a read failed, once one has; the walk then reads zeros and ends, and the player says so.
  public private(set) var failure: String?
  private let fd: Int32
  private var isOpen: Bool
  private let chunk: Int
  private var buffer: UnsafeMutableRawBufferPointer
  /// The file's offset of `buffer[0]`, and how many bytes of the buffer hold the file.
  private var start = 0
  private var filled = 0

  /// Reads the open file `fd` of `count` bytes (and closes it at `close()`), handing out pieces
  /// of up to `capacity` bytes, refilling `chunk` bytes at a time.
  public init(fd: Int32, count: Int, capacity: Int, chunk: Int = 1 << 18) {
    (self.fd, self.count, self.capacity, self.chunk) = (fd, count, capacity, min(chunk, capacity))
    isOpen = true
    buffer = .allocate(byteCount: max(capacity, 1), alignment: 16)
  }

  /// Holds `bytes` (copied once) as one buffer that never moves.
  public init(copying bytes: [UInt8]) {
    (fd, count, capacity, chunk) = (-1, bytes.count, bytes.count, bytes.count)
    isOpen = false
    buffer = .allocate(byteCount: max(bytes.count, 1), alignment: 16)
    if !bytes.isEmpty { _ = buffer.initializeMemory(as: UInt8.self, from: bytes) }
    filled = bytes.count
  }

  deinit {
    buffer.deallocate()
    close()
  }

  /// The byte at `offset`; 0 once a read has failed.
  public subscript(offset: Int) -> UInt8 {
    if offset < start || offset >= start + filled { fill(at: offset, wanting: 1) }
    let i = offset - start
    return i >= 0 && i < filled ? buffer[i] : 0
  }

  /// The bytes of `range` in one piece, valid until the next read; nil when the range is longer
  /// than `capacity`, lies outside the file, or a read failed.
  public func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer? {
    guard range.count <= capacity, range.lowerBound >= 0, range.upperBound <= count else {
      return nil
    }
    if range.lowerBound < start || range.upperBound > start + filled {
      fill(at: range.lowerBound, wanting: range.count)
      guard range.upperBound <= start + filled else { return nil }
    }
    return UnsafeRawBufferPointer(
      rebasing: buffer[(range.lowerBound - start)..<(range.upperBound - start)])
  }

  /// Makes room for pieces of up to `capacity` bytes, keeping what the buffer holds (a y4m
  /// frame's size is known only once its header has been read through the buffer).
  public func reserve(_ capacity: Int) {
    guard capacity > self.capacity else { return }
    let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 16)
    larger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
    buffer.deallocate()
    (buffer, self.capacity) = (larger, capacity)
  }

  /// Closes the file (content held in memory has none); reads after it fail.
  public func close() {
    guard isOpen else { return }
    isOpen = false
    closeDescriptor(fd)
  }

  /// Refills the buffer from `offset` with at least `wanting` bytes (a chunk, or more).
  private func fill(at offset: Int, wanting: Int) {
    start = max(0, min(offset, count))
    filled = 0
    guard isOpen, failure == nil, start < count else { return }
    let wanted = min(max(chunk, wanting), capacity, count - start)
    var done = 0
    while done < wanted {
      let n = pread(fd, buffer.baseAddress! + done, wanted - done, off_t(start + done))
      if n == 0 { break }
      if n < 0 {
        let error = lastErrno()
        if error == EINTR { continue }
        failure = "read failed (errno \(error))"
        return
      }
      done += n
    }
    filled = done
    if done < wanted { failure = "the file shrank while being read" }
  }
}

#if canImport(Glibc)
  private func lastErrno() -> Int32 { errno }
#else
  private func lastErrno() -> Int32 { spikecam_board_errno() }
#endif

/// Closes a descriptor (outside the class, whose `close()` would shadow the C function).
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }
