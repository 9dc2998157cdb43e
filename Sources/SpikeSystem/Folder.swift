import Glibc

/// An open folder that files are read from or written into by name, with calls relative to its
/// descriptor (`openat`, `renameat`, `unlinkat`), so a name is always looked up in this folder
/// and never through a link planted in its place.
public struct Folder: ~Copyable {
  /// The descriptor (`O_DIRECTORY`).
  public let fd: Int32
  /// The path it was opened by (for messages).
  public let path: String

  /// Prefix of every temporary file and folder the writers make; what `removeTemporaries`
  /// cleans up.
  public static let temporaryPrefix = ".tmp-"

  /// Opens the folder `path` (links on the way to it are followed: the user named it).
  public init(_ path: String) throws(FileError) {
    fd = try InputFile.openDirectory(path)
    self.path = path
  }

  private init(fd: Int32, path: String) {
    (self.fd, self.path) = (fd, path)
  }

  deinit { close(fd) }

  /// The path of `name` inside this folder, for messages.
  public func path(of name: String) -> String { path == "/" ? "/" + name : path + "/" + name }

  /// Names in the folder (without "." and ".."), sorted bytewise so listings are stable.
  public func names() throws(FileError) -> [String] {
    // fdopendir takes the descriptor over; give it its own.
    let copy = dup(fd)
    guard copy >= 0, let dir = fdopendir(copy) else {
      let error = FileError.system("opendir", path: path)
      if copy >= 0 { close(copy) }
      throw error
    }
    defer { closedir(dir) }
    rewinddir(dir)  // the copy shares its position with `fd`, which an earlier listing moved
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  /// What `name` is, without following a link; nil when nothing is there.
  public func mode(of name: String) -> mode_t? {
    var info = stat()
    guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
    return info.st_mode
  }

  /// Creates the new file `name` (it must not exist; a link in its place is refused), writes
  /// `bytes`, fsyncs and closes it. The mode is 0666 less the umask, or exactly `mode` (set on
  /// the new file only, before a byte is written: a secret key is never readable by others).
  public func create(_ name: String, _ bytes: UnsafeRawBufferPointer, mode: mode_t? = nil)
    throws(FileError)
  {
    let file = try openExclusive(name)
    do throws(FileError) {
      if let mode, fchmod(file, mode) != 0 { throw FileError.system("fchmod", path: path(of: name)) }
      try Self.writeAll(file, bytes, path: path(of: name))
      guard fsync(file) == 0 else { throw FileError.system("fsync", path: path(of: name)) }
    } catch {
      close(file)
      unlinkat(fd, name, 0)
      throw error
    }
    guard close(file) == 0 else {
      let error = FileError.system("close", path: path(of: name))
      unlinkat(fd, name, 0)
      throw error
    }
  }

  /// Replaces `name` with `bytes` durably: a new temporary file in this folder (exclusive, never
  /// through a link), written, fsynced, renamed over `name`, then the folder fsynced. A crash
  /// leaves the old file or the new one; an error leaves the old one and no temporary file. The
  /// old file's mode is not copied or changed: the new file is 0666 less the umask (or `mode`).
  public func replace(_ name: String, with bytes: UnsafeRawBufferPointer, mode: mode_t? = nil)
    throws(FileError)
  {
    let temporary = try createTemporary(for: name, bytes, mode: mode)
    guard renameat(fd, temporary, fd, name) == 0 else {
      let error = FileError.system("rename", path: path(of: name))
      unlinkat(fd, temporary, 0)
      throw error
    }
    try sync()
  }

  /// `replace(_:with:)` for an array.
  public func replace(_ name: String, with bytes: [UInt8], mode: mode_t? = nil) throws(FileError) {
    try bytes.withRawBytes { (raw) throws(FileError) in try replace(name, with: raw, mode: mode) }
  }

  /// Writes `bytes` into a new temporary file named after `name`; returns its name.
  func createTemporary(for name: String, _ bytes: UnsafeRawBufferPointer, mode: mode_t?)
    throws(FileError) -> String
  {
    var attempt = 0
    while true {
      let temporary = Self.temporaryName(for: name)
      do throws(FileError) {
        try create(temporary, bytes, mode: mode)
        return temporary
      } catch {
        attempt += 1
        guard case .system(_, let code) = error.kind, code == .exists, attempt < 16 else {
          throw error
        }
      }
    }
  }

  /// A fresh temporary folder in this folder, made for `name` (0777 less the umask); returns
  /// its name (open it with `open`).
  public func makeTemporaryFolder(for name: String) throws(FileError) -> String {
    var attempt = 0
    while true {
      let temporary = Self.temporaryName(for: name)
      if mkdirat(fd, temporary, 0o777) == 0 {
        return temporary
      }
      attempt += 1
      guard errno == EEXIST, attempt < 16 else {
        throw FileError.system("mkdir", path: path(of: temporary))
      }
    }
  }

  /// Opens the sub-folder `name`, refusing a link in its place.
  public func open(_ name: String) throws(FileError) -> Folder {
    while true {
      let sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
      if sub >= 0 { return Folder(fd: sub, path: path(of: name)) }
      if errno != EINTR { throw FileError.system("open", path: path(of: name)) }
    }
  }

  /// Renames `from` to `to`, both in this folder (a link at `from` is moved, never followed).
  public func rename(_ from: String, to: String) throws(FileError) {
    guard renameat(fd, from, fd, to) == 0 else {
      throw FileError.system("rename", path: path(of: to))
    }
  }

  /// fsyncs the folder, making the creations and renames inside it durable.
  public func sync() throws(FileError) {
    guard fsync(fd) == 0 else { throw FileError.system("fsync", path: path) }
  }

  /// Removes what an interrupted writer left: every `.tmp-*` file, and every `.tmp-*` folder
  /// with the files in it. Nothing is followed: entries are looked at with `fstatat`
  /// (`AT_SYMLINK_NOFOLLOW`) and removed with `unlinkat`; a link is never descended into (a
  /// link named `.tmp-*` here is left alone, one inside a temporary folder is removed itself,
  /// not its target), nor is a folder inside a temporary folder.
  public func removeTemporaries() throws(FileError) {
    for name in try names() where name.hasPrefix(Self.temporaryPrefix) {
      guard let mode = mode(of: name), !FileKind.isLink(mode) else { continue }
      if FileKind.isDirectory(mode) {
        let inner = try open(name)
        for entry in try inner.names() {
          if let m = inner.mode(of: entry), !FileKind.isDirectory(m) { unlinkat(inner.fd, entry, 0) }
        }
        guard unlinkat(fd, name, AT_REMOVEDIR) == 0 else {
          throw FileError.system("rmdir", path: path(of: name))
        }
      } else {
        guard unlinkat(fd, name, 0) == 0 else {
          throw FileError.system("unlink", path: path(of: name))
        }
      }
    }
  }

  /// Creates the folder `path` and any missing parents; the new folders get 0777 less the
  /// umask (an existing folder keeps its mode).
  public static func makePath(_ path: String) throws(FileError) {
    if InputFile.isDirectory(path) { return }
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
      prefix += part
      if !InputFile.isDirectory(prefix) && mkdir(prefix, 0o777) != 0 && errno != EEXIST {
        throw FileError.system("mkdir", path: prefix)
      }
      prefix += "/"
    }
  }

  /// `.tmp-<16 random hex digits>-<name>`, cut to fit a file name.
  static func temporaryName(for name: String) -> String {
    var random: UInt64 = 0
    withUnsafeMutableBytes(of: &random) { SystemRandom.fill($0) }
    let hex = String(random, radix: 16)
    let tag = Self.temporaryPrefix + String(repeating: "0", count: 16 - hex.count) + hex + "-"
    return tag + String(decoding: name.utf8.prefix(200), as: UTF8.self)
  }

  func openExclusive(_ name: String) throws(FileError) -> Int32 {
    while true {
      let file = openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
      if file >= 0 { return file }
      if errno != EINTR { throw FileError.system("open", path: path(of: name)) }
    }
  }

  /// Writes all of `bytes`, retrying EINTR and short writes.
  static func writeAll(_ file: Int32, _ bytes: UnsafeRawBufferPointer, path: String)
    throws(FileError)
  {
    guard let base = bytes.baseAddress else { return }
    var done = 0
    while done < bytes.count {
      let n = write(file, base + done, bytes.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError.system("write", path: path)
      }
      done += n
    }
  }
}
