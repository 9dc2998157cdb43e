import Glibc

/// A regular file mapped read-only into memory, unmapped when the value goes away. Video files
/// are read through a mapping so a frame is parsed and downscaled in place: no copy, no
/// allocation per frame, and sizes are checked against the mapping before every access.
///
/// A file truncated by another process while mapped can still raise SIGBUS; clip files are
/// expected to be complete before they are played.
struct MappedFile: ~Copyable {
  /// Start of the mapping; nil for an empty file.
  let base: UnsafeRawPointer?
  /// Length of the file in bytes.
  let count: Int

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
  }

  /// The file's bytes.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  deinit {
    if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
  }
}
