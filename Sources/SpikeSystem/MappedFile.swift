import Glibc

/// A regular file's bytes, mapped read-only (or a private heap copy of bytes held in memory), so
/// a model or a video is parsed in place: one copy at most, never a second one, and every size
/// checked against `bytes` before use. Unmapped or freed with the value.
///
/// A file truncated by another process while mapped can still raise SIGBUS; inputs are expected
/// to be complete before they are read.
public final class MappedFile: @unchecked Sendable {
  /// The bytes (read-only; nothing writes to them after `init`).
  public let bytes: UnsafeRawBufferPointer
  private let isMapped: Bool
  /// Bytes before this offset were handed back by `releasePages(before:)`.
  private var releasedUpTo = 0

  /// Maps the regular file `path`, refusing anything else and files larger than `limit` bytes.
  public init(path: String, limit: Int) throws(FileError) {
    let (fd, size) = try InputFile.openRegular(path, limit: limit)
    defer { close(fd) }
    var start: UnsafeRawPointer? = nil
    if size > 0 {
      guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED
      else { throw FileError.system("mmap", path: path) }
      start = UnsafeRawPointer(mapped)
    }
    bytes = UnsafeRawBufferPointer(start: start, count: size)
    isMapped = true
  }

  /// Hands the pages wholly before `offset` back to the page cache, so a file read once from
  /// start to end (a long clip) keeps its resident size near the release step instead of
  /// growing to the file's size; a later read of those bytes maps them in again. Releases in
  /// steps of at least 1 MiB; an `offset` behind the last release (a clip that loops) starts
  /// over. A no-op for a heap copy.
  public func releasePages(before offset: Int) {
    guard isMapped, let base = bytes.baseAddress else { return }
    if offset < releasedUpTo { releasedUpTo = 0 }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let end = min(offset, bytes.count) / page * page
    guard end - releasedUpTo >= 1 << 20 || (offset >= bytes.count && end > releasedUpTo) else {
      return
    }
    let start = releasedUpTo / page * page
    // MADV_DONTNEED on a private read-only mapping only drops clean pages: nothing is lost.
    madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    releasedUpTo = end
  }

  /// Holds a private copy of `source`.
  public convenience init(copying source: UnsafeRawBufferPointer) {
    self.init(owning: Self.copy(source))
  }

  /// Holds a private copy of `source`.
  public convenience init(copying source: [UInt8]) {
    self.init(owning: source.withUnsafeBytes { Self.copy($0) })
  }

  private init(owning copy: UnsafeRawBufferPointer) {
    bytes = copy
    isMapped = false
  }

  private static func copy(_ source: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    guard let from = source.baseAddress, source.count > 0 else {
      return UnsafeRawBufferPointer(start: nil, count: 0)
    }
    let copy = UnsafeMutableRawPointer.allocate(byteCount: source.count, alignment: 16)
    copy.copyMemory(from: from, byteCount: source.count)
    return UnsafeRawBufferPointer(start: copy, count: source.count)
  }

  deinit {
    guard let base = bytes.baseAddress else { return }
    if isMapped {
      munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
    } else {
      UnsafeMutableRawPointer(mutating: base).deallocate()
    }
  }
}
