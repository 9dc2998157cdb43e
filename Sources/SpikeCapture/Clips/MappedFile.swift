import Glibc

/// A regular file mapped read-only into memory, unmapped when the value goes away. Video files
/// are read through a mapping so a frame is parsed and downscaled in place: no copy, no
/// allocation per frame, and sizes are checked against the mapping before every access.
/// The same bytes can also come from a heap copy (`init(copying:)`), so a clip held in memory
/// (a test, a fuzzer input) plays through exactly the code a file does.
///
/// A file truncated by another process while mapped can still raise SIGBUS; clip files are
/// expected to be complete before they are played.
struct MappedFile: ~Copyable {
  /// Start of the mapping; nil for an empty file.
  let base: UnsafeRawPointer?
  /// Length of the file in bytes.
  let count: Int
  /// Whether `base` is a mapping (unmapped at the end) or a heap copy (freed).
  private let isMapped: Bool

  /// Maps `path`, refusing files larger than `limit` bytes.
  init(path: String, limit: Int) throws(CaptureError) {
    let fd = try FileSystem.open(path, O_RDONLY)
    defer { close(fd) }
    let size = try FileSystem.regularFileSize(fd, path: path)
    guard size <= limit else {
      throw .badFile(path: path, reason: "\(size) bytes, more than the \(limit)-byte limit")
    }
    var start: UnsafeRawPointer? = nil
    if size > 0 {
      guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
        throw FileSystem.lastError(path, "mmap")
      }
      start = UnsafeRawPointer(mapped)
    }
    base = start
    count = size
    isMapped = true
  }

  /// Holds a private copy of `bytes`, released with the value.
  init(copying bytes: [UInt8]) {
    var start: UnsafeRawPointer? = nil
    if !bytes.isEmpty {
      let copy = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
      bytes.withUnsafeBytes { source in
        if let from = source.baseAddress { copy.copyMemory(from: from, byteCount: source.count) }
      }
      start = UnsafeRawPointer(copy)
    }
    base = start
    count = bytes.count
    isMapped = false
  }

  /// The file's bytes.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  deinit {
    guard let base else { return }
    if isMapped {
      munmap(UnsafeMutableRawPointer(mutating: base), count)
    } else {
      UnsafeMutableRawPointer(mutating: base).deallocate()
    }
  }
}
