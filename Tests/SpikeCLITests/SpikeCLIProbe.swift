@testable import SpikeCLI

/// What the in-process command table says, so binary tests follow it as commands get built.
enum SpikeCLIProbe {
  static func unbuilt() -> [String] {
    SpikeCam.subcommands.filter { $0.run == nil }.map(\.name)
  }

  /// Enough arguments to get past parsing: every required option with a dummy value.
  static func minimalArguments(_ name: String) -> [String] {
    guard let command = SpikeCam.find(name) else { return [] }
    var words: [String] = []
    for option in command.options where option.isRequired {
      words += ["--\(option.name)", "x"]
    }
    for argument in command.arguments where argument.isRequired { words.append("x") }
    return words
  }
}
