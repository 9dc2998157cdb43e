/// A positional argument of a subcommand.
public struct ArgumentSpec: Sendable {
  /// Name shown in usage, e.g. `MODEL`.
  public var name: String
  /// One line of help.
  public var help: String
  /// Whether the command fails without it.
  public var isRequired: Bool

  public init(_ name: String, help: String, isRequired: Bool = true) {
    (self.name, self.help, self.isRequired) = (name, help, isRequired)
  }
}

/// A named option (`--name value`, `--name=value`) or flag (`--name`).
public struct OptionSpec: Sendable {
  /// Long name without dashes, e.g. `device`.
  public var name: String
  /// Optional one-letter short name, e.g. `d` for `-d`.
  public var short: Character?
  /// Value placeholder, e.g. `PATH`; `nil` makes this a flag that takes no value.
  public var valueName: String?
  /// One line of help.
  public var help: String
  /// Whether the command fails without it.
  public var isRequired: Bool

  public init(
    _ name: String, short: Character? = nil, value valueName: String? = nil, help: String,
    isRequired: Bool = false
  ) {
    (self.name, self.short, self.valueName, self.help, self.isRequired) =
      (name, short, valueName, help, isRequired)
  }

  /// Whether this option is a flag (takes no value).
  public var isFlag: Bool { valueName == nil }

  var synopsis: String {
    isFlag ? "--\(name)" : "--\(name) <\(valueName ?? "")>"
  }
}

/// What the user typed, parsed against a subcommand's specification.
public struct ParsedArguments: Sendable, Equatable {
  /// Option values by long name; an option given twice keeps every value in order.
  public var values: [String: [String]] = [:]
  /// Flags that were given, by long name.
  public var flags: Set<String> = []
  /// Positional arguments in order.
  public var positionals: [String] = []
  /// `-h` or `--help` was given.
  public var helpRequested = false

  public init() {}

  /// Last value of an option, or `nil` when it was not given.
  public func value(_ name: String) -> String? { values[name]?.last }

  /// Whether a flag was given.
  public func flag(_ name: String) -> Bool { flags.contains(name) }

  /// The value of an option parsed as an integer in `range`, or `defaultValue` when absent.
  public func integer(
    _ name: String, default defaultValue: Int, in range: ClosedRange<Int> = Int.min...Int.max
  ) throws(CLIError) -> Int {
    guard let text = value(name) else { return defaultValue }
    guard let number = Int(text), range.contains(number) else {
      throw .usage("--\(name) takes a whole number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
    }
    return number
  }

  /// The value of a required option; a usage error names it when missing.
  public func required(_ name: String) throws(CLIError) -> String {
    guard let text = value(name) else { throw .usage("missing required option --\(name)") }
    return text
  }
}

/// Parses command-line words the way swift-argument-parser does: `--flag value`,
/// `--flag=value`, `-h/--help`, short options, `--` ends options, and an unknown option is an
/// error that names it.
public func parseArguments(
  _ words: [String], options: [OptionSpec], arguments: [ArgumentSpec]
) throws(CLIError) -> ParsedArguments {
  var parsed = ParsedArguments()
  var index = 0
  var optionsEnded = false
  func spec(long: String) -> OptionSpec? { options.first { $0.name == long } }
  func spec(short: Character) -> OptionSpec? { options.first { $0.short == short } }

  while index < words.count {
    let word = words[index]
    index += 1
    if optionsEnded || word == "-" || !word.hasPrefix("-") {
      parsed.positionals.append(word)
      continue
    }
    if word == "--" {
      optionsEnded = true
      continue
    }
    if word == "-h" || word == "--help" {
      parsed.helpRequested = true
      continue
    }
    let option: OptionSpec
    var inlineValue: String?
    if word.hasPrefix("--") {
      let body = word.dropFirst(2)
      let name: Substring
      if let equals = body.firstIndex(of: "=") {
        name = body[..<equals]
        inlineValue = String(body[body.index(after: equals)...])
      } else {
        name = body
      }
      guard let found = spec(long: String(name)) else {
        throw .usage("unknown option '--\(name)'")
      }
      option = found
    } else {
      let body = word.dropFirst()
      guard body.count == 1, let letter = body.first, let found = spec(short: letter) else {
        throw .usage("unknown option '\(word)'")
      }
      option = found
    }
    if option.isFlag {
      if inlineValue != nil { throw .usage("flag '--\(option.name)' does not take a value") }
      parsed.flags.insert(option.name)
      continue
    }
    let value: String
    if let inlineValue {
      value = inlineValue
    } else {
      guard index < words.count else {
        throw .usage("missing value for '--\(option.name) <\(option.valueName ?? "value")>'")
      }
      value = words[index]
      index += 1
    }
    parsed.values[option.name, default: []].append(value)
  }
  if parsed.helpRequested { return parsed }
  for option in options where option.isRequired && parsed.values[option.name] == nil {
    throw .usage("missing required option '\(option.synopsis)'")
  }
  let requiredCount = arguments.filter(\.isRequired).count
  if parsed.positionals.count < requiredCount {
    let missing = arguments.filter(\.isRequired)[parsed.positionals.count]
    throw .usage("missing expected argument '<\(missing.name)>'")
  }
  if parsed.positionals.count > arguments.count {
    throw .usage("unexpected argument '\(parsed.positionals[arguments.count])'")
  }
  return parsed
}
