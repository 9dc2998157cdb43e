/// A command's failure, with the exit code DESIGN §6 assigns to it.
public enum CLIError: Error, Equatable {
  /// The command line is wrong (exit 64, `EX_USAGE`); the usage line is printed after it.
  case usage(String)
  /// An input file or stream is malformed (exit 65, `EX_DATAERR`).
  case badInput(String)
  /// An input file or device node does not exist (exit 66, `EX_NOINPUT`).
  case missingInput(String)
  /// A device exists but cannot be used now: busy, no permission, vanished (exit 69).
  case unavailable(String)
  /// Anything else (exit 1), including a subcommand that is not built yet.
  case failure(String)

  /// The process exit code for this error.
  public var exitCode: Int32 {
    switch self {
    case .usage: return 64
    case .badInput: return 65
    case .missingInput: return 66
    case .unavailable: return 69
    case .failure: return 1
    }
  }

  /// The message printed after `Error: `.
  public var message: String {
    switch self {
    case .usage(let text), .badInput(let text), .missingInput(let text), .unavailable(let text),
      .failure(let text):
      return text
    }
  }
}
