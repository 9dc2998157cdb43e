#if canImport(CSpikeSystem)
  import CSpikeSystem
#endif
#if canImport(Glibc)
  import Glibc
#else
  import CSpikeBoard  // the board program: glibc's declarations through its C seam
#endif

/// A system call's error number, typed: its symbolic name (`ENOENT`) and the C library's message
/// come from glibc itself (`strerrorname_np`, `strerror`), so no table of names is kept here.
public struct Errno: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The raw `errno` value.
  public var code: Int32

  /// Wraps a raw value.
  public init(_ code: Int32) { self.code = code }

  /// The calling thread's `errno` now.
  public static var current: Errno { Errno(errno) }

  /// `ENOENT`, or `errno N` for a number glibc does not name.
  public var name: String {
    guard let text = spikecam_errno_name(code) else { return "errno \(code)" }
    return String(cString: text)
  }

  /// `No such file or directory`.
  public var message: String {
    guard let text = strerror(code) else { return "unknown error" }
    return String(cString: text)
  }

  /// `ENOENT (No such file or directory)`.
  public var description: String { "\(name) (\(message))" }

  public static let interrupted = Errno(EINTR)
  public static let noEntry = Errno(ENOENT)
  public static let exists = Errno(EEXIST)
  public static let loop = Errno(ELOOP)
}
