import Glibc

/// Opening files that come from users, shared folders or other programs so that nothing can
/// hang or flood the reader: the path is checked with `stat` before it is opened (a FIFO,
/// device or socket is never opened), opened with `O_NONBLOCK | O_NOCTTY | O_CLOEXEC` (so even a
/// node swapped in between cannot block the open), checked again with `fstat`, and its size is
/// compared with the caller's limit before a byte is allocated.
public enum InputFile {
  /// What a path is (following links), or nil when nothing is there.
  public static func mode(of path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode
  }

  /// Whether `path` is a folder (following links).
  public static func isDirectory(_ path: String) -> Bool {
    mode(of: path).map(FileKind.isDirectory) ?? false
  }

  /// Whether anything is at `path` (a dangling link counts as nothing).
  public static func exists(_ path: String) -> Bool { mode(of: path) != nil }

  /// Opens the regular file `path` for reading; returns the descriptor and the file's size,
  /// refusing anything else and any file larger than `limit` bytes.
  public static func openRegular(_ path: String, limit: Int) throws(FileError) -> (
    fd: Int32, size: Int
  ) {
    if let mode = mode(of: path), !FileKind.isRegular(mode) {
      throw FileError(.wrongType(found: FileKind.name(mode), expected: "a regular file"), path: path)
    }
    let fd = try open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY)
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let error = FileError.system("fstat", path: path)
      close(fd)
      throw error
    }
    guard FileKind.isRegular(info.st_mode) else {
      close(fd)
      throw FileError(
        .wrongType(found: FileKind.name(info.st_mode), expected: "a regular file"), path: path)
    }
    let size = Int(info.st_size)
    guard size <= limit else {
      close(fd)
      throw FileError(.tooLarge(bytes: size, limit: limit), path: path)
    }
    return (fd, size)
  }

  /// Opens the folder `path` for listing or for writing into it.
  public static func openDirectory(_ path: String) throws(FileError) -> Int32 {
    if let mode = mode(of: path), !FileKind.isDirectory(mode) {
      throw FileError(.wrongType(found: FileKind.name(mode), expected: "a folder"), path: path)
    }
    return try open(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK)
  }

  /// `open(2)` retried on EINTR, always close-on-exec.
  static func open(_ path: String, _ flags: Int32) throws(FileError) -> Int32 {
    while true {
      let fd = Glibc.open(path, flags | O_CLOEXEC)
      if fd >= 0 { return fd }
      if errno != EINTR { throw FileError.system("open", path: path) }
    }
  }

  /// Reads the whole regular file `path`, refusing one larger than `limit` bytes.
  public static func read(_ path: String, limit: Int) throws(FileError) -> [UInt8] {
    let (fd, size) = try openRegular(path, limit: limit)
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: size)
    let got = try bytes.withMutableRawBytes { (raw) throws(FileError) in
      try readFully(fd, into: raw, path: path)
    }
    guard got == size else { throw FileError(.changed, path: path) }
    return bytes
  }

  /// Reads the whole regular file `path` into `buffer` without allocating; refuses a file
  /// larger than the buffer. Returns the file's length.
  public static func read(_ path: String, into buffer: UnsafeMutableRawBufferPointer)
    throws(FileError) -> Int
  {
    let (fd, size) = try openRegular(path, limit: buffer.count)
    defer { close(fd) }
    let got = try readFully(
      fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<size]), path: path)
    guard got == size else { throw FileError(.changed, path: path) }
    return size
  }

  /// Reads until `buffer` is full or the file ends, retrying EINTR; returns the bytes read.
  static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String)
    throws(FileError) -> Int
  {
    guard let base = buffer.baseAddress else { return 0 }
    var done = 0
    while done < buffer.count {
      let n = Glibc.read(fd, base + done, buffer.count - done)
      if n == 0 { break }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError.system("read", path: path)
      }
      done += n
    }
    return done
  }

  /// Names in the folder `path` (without "." and ".."), sorted bytewise so listings are stable.
  public static func list(_ path: String) throws(FileError) -> [String] {
    try Folder(path).names()
  }
}
