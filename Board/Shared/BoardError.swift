/// Why the board program stops: a message that says what to do, and the exit code the host
/// `spikecam` uses for the same failure (sysexits.h).
public struct BoardError: Error {
  /// 64: a usage error.
  static let usage: Int32 = 64
  /// 65: bad input data (a malformed model or clip file).
  static let badInput: Int32 = 65
  /// 66: a missing input file.
  static let missingInput: Int32 = 66
  /// 1: anything else (a read that failed part way).
  static let failure: Int32 = 1

  public var code: Int32
  public var message: String

  init(_ code: Int32, _ message: String) {
    self.code = code
    self.message = message
  }

  /// A malformed model: `FILE: FIELD: REASON`, the host reader's form.
  static func model(_ file: String, _ field: String, _ reason: String) -> BoardError {
    BoardError(badInput, "\(file): \(field): \(reason)")
  }
}
