import SpikeSystem

/// The `spikecam` command line: dispatch, help and error reporting
/// (docs/ARCHITECTURE.md, "Command-line contract").
public enum SpikeCam {
  /// Version printed by `spikecam --version`.
  public static let version = "0.1.0"

  /// Every subcommand, in the order `--help` lists them.
  public static var subcommands: [Subcommand] { Commands.all }

  /// Runs `spikecam` with `arguments` (without the program name); returns the exit code.
  public static func main(_ arguments: [String], console: Console) -> Int32 {
    guard let first = arguments.first else {
      console.err(overview)
      return 64
    }
    if first == "-h" || first == "--help" || first == "help" {
      if first == "help", arguments.count > 1, let command = find(arguments[1]) {
        console.out(command.help)
      } else {
        console.out(overview)
      }
      return 0
    }
    if first == "--version" {
      console.out("\(version)\n")
      return 0
    }
    guard let command = find(first) else {
      let message =
        first.hasPrefix("-") ? "unknown option '\(first)'" : "unknown subcommand '\(first)'"
      console.err("Error: \(message)\nUsage: spikecam <subcommand> [options]\n")
      console.err("  See 'spikecam --help' for the list of subcommands.\n")
      return 64
    }
    if command.stopsOnSignal {
      StopRequest.reset()
      StopRequest.installHandlers()
    }
    defer { if command.stopsOnSignal { StopRequest.restoreHandlers() } }
    do throws(CLIError) {
      let parsed = try parseArguments(
        Array(arguments.dropFirst()), options: command.options, arguments: command.arguments)
      if parsed.helpRequested {
        console.out(command.help)
        return 0
      }
      try command.run(parsed, console)
      return 0
    } catch {
      console.err("Error: \(TerminalText.safe(lines: error.message))\n")
      if case .usage = error {
        console.err("Usage: \(command.usage)\n  See 'spikecam \(command.name) --help' for more information.\n")
      }
      return error.exitCode
    }
  }

  static func find(_ name: String) -> Subcommand? {
    subcommands.first { $0.name == name }
  }

  /// The text of `spikecam --help`.
  public static var overview: String {
    var text = """
      OVERVIEW: SpikeCam classifies live video with an integer-only spiking neural network.

      USAGE: spikecam <subcommand> [options]

      OPTIONS:
        -h, --help              Show help information.
        --version               Show the version.

      SUBCOMMANDS:

      """
    for command in subcommands { text += helpRow(command.name, command.abstract) }
    text += "\n  See 'spikecam help <subcommand>' for detailed help.\n"
    return text
  }
}
