/// Why a board profile, or a network on a board, was refused. Every case names the file (or
/// board) and the field, and says what to change.
public enum BoardProfileError: Error, Equatable, CustomStringConvertible {
  /// The file could not be read.
  case unreadable(file: String, reason: String)
  /// The file is not valid JSON.
  case malformedJSON(file: String, reason: String)
  /// A required field is absent.
  case missingField(file: String, field: String)
  /// A field has the wrong JSON type.
  case wrongType(file: String, field: String, expected: String)
  /// A field the format does not define (often a typo).
  case unknownField(file: String, field: String)
  /// A field's value is outside what SpikeCam or the board supports.
  case outOfRange(file: String, field: String, value: String, allowed: String)
  /// A network exceeds one of the board's limits.
  case exceedsLimit(board: String, field: String, value: Int, limit: Int, what: String)
  /// A network does not fit the board's memory; `map` itemises what it needs.
  case doesNotFit(board: String, needed: Int, available: Int, unit: String, map: String)

  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      return "cannot read board profile \(file): \(reason)"
    case .malformedJSON(let file, let reason):
      return "board profile \(file) is not valid JSON: \(reason)"
    case .missingField(let file, let field):
      return "board profile \(file) has no '\(field)'; add it (see firmware-config/README.md)"
    case .wrongType(let file, let field, let expected):
      return "board profile \(file): '\(field)' must be \(expected)"
    case .unknownField(let file, let field):
      return
        "board profile \(file): unknown field '\(field)' (a typo?); see firmware-config/README.md"
    case .outOfRange(let file, let field, let value, let allowed):
      return "board profile \(file): '\(field)' is \(value); allowed: \(allowed)"
    case .exceedsLimit(let board, let field, let value, let limit, let what):
      return
        "the network does not fit \(board): \(what) is \(value), the board's '\(field)' is \(limit);"
        + " make the network smaller or choose a larger board"
    case .doesNotFit(let board, let needed, let available, let unit, let map):
      return "the network does not fit \(board): it needs \(needed) \(unit), the board has"
        + " \(available); make the network or the rings smaller, or choose a larger board.\n" + map
    }
  }
}
