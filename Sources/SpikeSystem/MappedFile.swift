import Glibc

/// A regular file's bytes, mapped read-only (or a private heap copy of bytes held in memory), so
/// a model is parsed in place: one copy at most, never a second one, and every size
/// checked against `bytes` before use. Unmapped or freed with the value.
///
/// A file truncated by another process while mapped can still raise SIGBUS; inputs are expected
/// to be complete before they are read.
public final class MappedFile: @unchecked Sendable {
  /// The bytes (read-only; nothing writes to them after `init`).
  public let bytes: UnsafeRawBufferPointer
  private let isMapped: Bool

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
