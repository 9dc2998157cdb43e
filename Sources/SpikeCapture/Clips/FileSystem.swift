import Glibc

/// The file calls clip readers and writers need, with failures as `CaptureError`. The one place
/// in the clip code that talks to libc about files, so EINTR handling and error mapping are
/// written once.
enum FileSystem {
  /// The error for the current `errno` after `call` failed on `path`.
  static func lastError(_ path: String, _ call: String) -> CaptureError {
    let code = errno
    if code == ENOENT || code == ENOTDIR { return .fileMissing(path: path) }
    return .systemError(path: path, call: call, errno: code)
  }

  static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0 else { return false }
    return (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Opens `path` with `flags`, retrying on EINTR.
  static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws(CaptureError)
    -> Int32
  {
    while true {
      let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
      if fd >= 0 { return fd }
      if errno != EINTR { throw lastError(path, "open") }
    }
  }

  /// Size of the regular file open as `fd`; refuses directories and devices.
  static func regularFileSize(_ fd: Int32, path: String) throws(CaptureError) -> Int {
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw lastError(path, "fstat") }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      throw .badFile(path: path, reason: "not a regular file")
    }
    return Int(info.st_size)
  }

  /// Reads until `buffer` is full or the file ends; returns the bytes read.
  static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String)
    throws(CaptureError) -> Int
  {
    guard let base = buffer.baseAddress else { return 0 }
    var done = 0
    while done < buffer.count {
      let n = read(fd, base + done, buffer.count - done)
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        throw lastError(path, "read")
      }
      done += n
    }
    return done
  }

  /// Reads a whole regular file into `buffer` without allocating; refuses a file larger than
  /// the buffer. Returns the file's length.
  static func readFile(_ path: String, into buffer: UnsafeMutableRawBufferPointer)
    throws(CaptureError) -> Int
  {
    let fd = try open(path, O_RDONLY)
    defer { close(fd) }
    let size = try regularFileSize(fd, path: path)
    guard size <= buffer.count else {
      throw .badFile(path: path, reason: "\(size) bytes, more than the \(buffer.count)-byte limit")
    }
    let got = try readFully(
      fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size]), path: path)
    guard got == size else { throw .badFile(path: path, reason: "file changed while being read") }
    return size
  }

  /// Reads a whole regular file, refusing one larger than `limit` bytes.
  static func readFile(_ path: String, limit: Int) throws(CaptureError) -> [UInt8] {
    let fd = try open(path, O_RDONLY)
    defer { close(fd) }
    let size = try regularFileSize(fd, path: path)
    guard size <= limit else {
      throw .badFile(path: path, reason: "\(size) bytes, more than the \(limit)-byte limit")
    }
    var bytes = [UInt8](repeating: 0, count: size)
    let got: Result<Int, CaptureError> = bytes.withUnsafeMutableBytes { raw in
      do throws(CaptureError) { return .success(try readFully(fd, into: raw, path: path)) } catch {
        return .failure(error)
      }
    }
    guard try got.get() == size else {
      throw .badFile(path: path, reason: "file changed while being read")
    }
    return bytes
  }

  /// Names in a directory (without "." and ".."), sorted bytewise so listings are stable.
  static func list(_ path: String) throws(CaptureError) -> [String] {
    guard let dir = opendir(path) else { throw lastError(path, "opendir") }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        let bytes = raw.bindMemory(to: UInt8.self)
        let length = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[0..<length], as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  /// Creates `path` and any missing parents (mode 0755).
  static func makeDirectories(_ path: String) throws(CaptureError) {
    if isDirectory(path) { return }
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
      prefix += part
      if !isDirectory(prefix) && mkdir(prefix, 0o755) != 0 && errno != EEXIST {
        throw lastError(prefix, "mkdir")
      }
      prefix += "/"
    }
  }

  /// Writes all of `bytes` to `fd`.
  static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String)
    throws(CaptureError)
  {
    guard let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let n = write(fd, base + done, bytes.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        throw lastError(path, "write")
      }
      done += n
    }
  }

  /// Creates (or truncates) `path`, writes `bytes`, and fsyncs it before closing, so after
  /// a later rename the data is on disk. Files are written 0644.
  static func writeDurably(_ path: String, _ bytes: [UInt8]) throws(CaptureError) {
    let fd = try open(path, O_WRONLY | O_CREAT | O_TRUNC, mode: 0o644)
    fchmod(fd, 0o644)  // 0644 whatever the umask: data sets are shared with other users
    var closed = false
    defer { if !closed { close(fd) } }
    let result: Result<Void, CaptureError> = bytes.withUnsafeBytes { raw in
      do throws(CaptureError) { return .success(try writeAll(fd, raw, path: path)) } catch {
        return .failure(error)
      }
    }
    try result.get()
    guard fsync(fd) == 0 else { throw lastError(path, "fsync") }
    closed = true
    guard close(fd) == 0 else { throw lastError(path, "close") }
  }

  /// fsyncs a directory, making the renames and creations inside it durable.
  static func syncDirectory(_ path: String) throws(CaptureError) {
    let fd = try open(path, O_RDONLY | O_DIRECTORY)
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw lastError(path, "fsync") }
  }

  /// Atomically replaces `path` with `bytes`: temporary name, fsync, rename, fsync the folder.
  /// A crash leaves either the old file or the new one, never a mix.
  static func replaceAtomically(_ path: String, with bytes: [UInt8], directory: String)
    throws(CaptureError)
  {
    let temporary = path + ".tmp"
    try writeDurably(temporary, bytes)
    try rename(temporary, path)
    try syncDirectory(directory)
  }

  static func rename(_ from: String, _ to: String) throws(CaptureError) {
    guard Glibc.rename(from, to) == 0 else { throw lastError(to, "rename") }
  }

  /// Removes a folder of plain files (one level deep), as a leftover temporary clip is.
  static func removeFlatDirectory(_ path: String) throws(CaptureError) {
    for name in try list(path) {
      guard unlink(path + "/" + name) == 0 else { throw lastError(path + "/" + name, "unlink") }
    }
    guard rmdir(path) == 0 else { throw lastError(path, "rmdir") }
  }

  /// The monotonic clock in nanoseconds (`CLOCK_MONOTONIC`, the camera's clock too).
  static func monotonicNanos() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
  }

  /// Sleeps until the monotonic clock reads `nanos`.
  static func sleep(untilMonotonicNanos nanos: UInt64) {
    var target = timespec(tv_sec: Int(nanos / 1_000_000_000), tv_nsec: Int(nanos % 1_000_000_000))
    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, nil) == EINTR {}
  }
}

extension Array where Element == UInt8 {
  /// `withUnsafeBytes` for a body with typed throws (the stdlib's is `rethrows`).
  func withRawBytes<R>(_ body: (UnsafeRawBufferPointer) throws(CaptureError) -> R)
    throws(CaptureError) -> R
  {
    let result: Result<R, CaptureError> = withUnsafeBytes { raw in
      Result { () throws(CaptureError) in try body(raw) }
    }
    return try result.get()
  }
}
