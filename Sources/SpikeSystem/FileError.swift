/// Why a file could not be read or written safely: which path, and what went wrong.
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What went wrong.
  public enum Kind: Equatable, Sendable {
    /// Nothing at the path (or a folder on the way is missing).
    case missing
    /// Something other than the expected kind of file: a FIFO, a device, a socket, a folder
    /// where a file is expected (or the other way round), or a symbolic link where none may be.
    case wrongType(found: String, expected: String)
    /// Larger than the caller's limit (checked before anything is allocated or mapped).
    case tooLarge(bytes: Int, limit: Int)
    /// The file changed size while it was read.
    case changed
    /// A system call failed.
    case system(call: String, errno: Errno)
  }

  /// The file or folder.
  public var path: String
  /// What went wrong.
  public var kind: Kind

  public init(_ kind: Kind, path: String) {
    (self.kind, self.path) = (kind, path)
  }

  /// The error of the system call `call` that just failed on `path` (from `errno`).
  public static func system(_ call: String, path: String, _ code: Errno = .current) -> FileError {
    code.code == Errno.noEntry.code ? FileError(.missing, path: path)
      : FileError(.system(call: call, errno: code), path: path)
  }

  /// Why, without the path.
  public var reason: String {
    switch kind {
    case .missing: return "no such file or folder"
    case .wrongType(let found, let expected): return "is \(found), not \(expected)"
    case .tooLarge(let bytes, let limit): return "\(bytes) bytes, more than the \(limit)-byte limit"
    case .changed: return "the file changed while it was read"
    case .system(let call, let code): return "\(call) failed: \(code)"
    }
  }

  /// `PATH: REASON`.
  public var description: String { "\(path): \(reason)" }
}
