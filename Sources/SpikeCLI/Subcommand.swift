/// One `spikecam` subcommand: its help text, its options and what it does.
public struct Subcommand: Sendable {
  /// Name typed after `spikecam`.
  public var name: String
  /// One-line summary for `spikecam --help`.
  public var abstract: String
  /// Longer text for `spikecam NAME --help`.
  public var discussion: String
  /// Positional arguments.
  public var arguments: [ArgumentSpec]
  /// Options and flags (`-h/--help` is implied).
  public var options: [OptionSpec]
  /// The work.
  public var run: @Sendable (ParsedArguments, Console) throws(CLIError) -> Void
  /// Whether SIGINT/SIGTERM stop it cleanly (exit 0): the handlers are then installed before
  /// its arguments are even parsed, so no moment of its life is left to the default action.
  public var stopsOnSignal = false

  public init(
    name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
    options: [OptionSpec] = [],
    run: @escaping @Sendable (ParsedArguments, Console) throws(CLIError) -> Void,
    stopsOnSignal: Bool = false
  ) {
    (self.stopsOnSignal, self.name, self.abstract, self.discussion, self.arguments, self.options,
     self.run) =
      (stopsOnSignal, name, abstract, discussion, arguments, options, run)
  }

  /// `spikecam NAME <ARG> --opt <V> [--flag]`, required options first.
  public var usage: String {
    var parts = ["spikecam", name]
    for argument in arguments {
      parts.append(argument.isRequired ? "<\(argument.name)>" : "[<\(argument.name)>]")
    }
    for option in options {
      parts.append(option.isRequired ? option.synopsis : "[\(option.synopsis)]")
    }
    return parts.joined(separator: " ")
  }

  /// The full help page, laid out like swift-argument-parser's.
  public var help: String {
    var text = "OVERVIEW: \(abstract)\n"
    if !discussion.isEmpty { text += "\n\(discussion)\n" }
    text += "\nUSAGE: \(usage)\n"
    if !arguments.isEmpty {
      text += "\nARGUMENTS:\n"
      for argument in arguments { text += helpRow("<\(argument.name)>", argument.help) }
    }
    text += "\nOPTIONS:\n"
    for option in options {
      let short = option.short.map { "-\($0), " } ?? ""
      text += helpRow(short + option.synopsis, option.help)
    }
    text += helpRow("-h, --help", "Show help information.")
    return text
  }
}

func helpRow(_ left: String, _ right: String) -> String {
  let column = 26
  if left.count + 2 < column {
    return "  " + left + String(repeating: " ", count: column - 2 - left.count) + right + "\n"
  }
  return "  " + left + "\n" + String(repeating: " ", count: column) + right + "\n"
}
