/// A command's failure, with the exit code assigned to it in
/// docs/ARCHITECTURE.md, "Command-line contract".
public enum CLIError: Error, Equatable {
  /// The command line is wrong (exit 64, `EX_USAGE`); the usage line is printed after it.
  case usage(String)
  /// An input file or stream is malformed (exit 65, `EX_DATAERR`).
  case badInput(String)
  /// An input file or device node does not exist (exit 66, `EX_NOINPUT`).
  case missingInput(String)
  /// A device cannot be used: missing, not a camera, no format we decode (exit 69).
  case unavailable(String)
  /// A device went away or stopped delivering frames while streaming, and did not come back
  /// within the allowed reopen attempts (exit 74, `EX_IOERR`).
  case deviceLost(String)
  /// A device is in use by another program (exit 75, `EX_TEMPFAIL`: try again later).
  case deviceBusy(String)
  /// The user may not open the device node (exit 77, `EX_NOPERM`).
  case permissionDenied(String)
  /// Anything else (exit 1).
  case failure(String)

  /// The process exit code for this error.
  public var exitCode: Int32 {
    switch self {
    case .usage: return 64
    case .badInput: return 65
    case .missingInput: return 66
    case .unavailable: return 69
    case .deviceLost: return 74
    case .deviceBusy: return 75
    case .permissionDenied: return 77
    case .failure: return 1
    }
  }

  /// The message printed after `Error: `.
  public var message: String {
    switch self {
    case .usage(let text), .badInput(let text), .missingInput(let text), .unavailable(let text),
      .deviceLost(let text), .deviceBusy(let text), .permissionDenied(let text), .failure(let text):
      return text
    }
  }
}
