#if canImport(Glibc)
  import Glibc
#endif

/// Where a command writes: the terminal in the executable, a buffer in tests.
public protocol Console: AnyObject {
  /// Writes to standard output.
  func out(_ text: String)
  /// Writes to standard error.
  func err(_ text: String)
  /// Whether standard output is a terminal (status lines are for people, JSON for pipes).
  var isTerminal: Bool { get }
  /// Whether a write to standard output failed because its reader went away (EPIPE).
  var isOutputClosed: Bool { get }
}

extension Console {
  public var isOutputClosed: Bool { false }
}

/// The process's own standard output and error, unbuffered writes to fd 1 and 2.
public final class ProcessConsole: Console {
  public init() {}

  public func out(_ text: String) {
    if !Self.write(1, text) { outputClosed = true }
  }
  public func err(_ text: String) { _ = Self.write(2, text) }
  public var isTerminal: Bool { isatty(1) == 1 }
  public var isOutputClosed: Bool { outputClosed }
  private var outputClosed = false

  /// `false` when the descriptor's reader is gone (EPIPE; SIGPIPE is ignored by `spikecam`).
  private static func write(_ fd: Int32, _ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in
      var offset = 0
      while offset < bytes.count {
        let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno != EPIPE  // a closed pipe: nothing useful left to do with this text
        }
        offset += written
      }
      return true
    }
  }
}

/// A console that keeps what was written, for tests.
public final class BufferConsole: Console {
  public private(set) var stdout = ""
  public private(set) var stderr = ""
  public var isTerminal = false

  public init() {}

  public func out(_ text: String) { stdout += text }
  public func err(_ text: String) { stderr += text }
}
