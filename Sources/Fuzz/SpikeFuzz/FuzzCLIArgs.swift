import SpikeCLI

/// Splits the input into command-line words (at NUL and newline bytes; other bytes, invalid
/// UTF-8 included, stay in the word) and parses them against every subcommand's options.
/// Each parse is refused with a `CLIError` usage message or yields only declared options,
/// flags and at most the declared positionals; reading any option as a number never traps.
public func fuzzCLIArgs(_ data: UnsafeRawBufferPointer) {
  let words = data.split(separator: 0, omittingEmptySubsequences: false)
    .flatMap { $0.split(separator: 0x0A, omittingEmptySubsequences: false) }
    .map { String(decoding: $0, as: UTF8.self) }
  for command in SpikeCam.subcommands {
    let arguments = words.first == command.name ? Array(words.dropFirst()) : words
    do {
      let parsed = try parseArguments(
        arguments, options: command.options, arguments: command.arguments)
      let names = Set(command.options.map(\.name))
      precondition(parsed.values.keys.allSatisfy { names.contains($0) }, "undeclared option")
      precondition(parsed.flags.isSubset(of: names), "undeclared flag")
      precondition(
        parsed.helpRequested || parsed.positionals.count <= command.arguments.count,
        "extra positional accepted")
      for option in command.options where !option.isFlag {
        _ = try? parsed.integer(option.name, default: 0, in: -1000...1000)
      }
    } catch {
      precondition(!error.message.isEmpty)
    }
    _ = command.usage
  }
}
