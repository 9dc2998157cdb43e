import Testing

@testable import SpikeCLI

@Suite struct OptionTableTests {
  @Test func rowsGiveRequiredOptionalAndFlagOptions() {
    let required = OptionSpec(row: "--out <DIR>  Data set folder.")
    #expect(required.name == "out" && required.valueName == "DIR" && required.isRequired)
    #expect(required.help == "Data set folder.")
    let optional = OptionSpec(row: "[--split <train|val|test>]     Split (default none).")
    #expect(optional.name == "split" && optional.valueName == "train|val|test")
    #expect(!optional.isRequired && optional.help == "Split (default none).")
    let flag = OptionSpec(row: "[--json]  Print JSON.")
    #expect(flag.isFlag && !flag.isRequired && flag.help == "Print JSON.")
  }

  @Test func continuationLinesJoinTheHelpAboveThem() {
    let table = OptionSpec.table(
      """
      --model <FILE>                 The model to read, which
                                     spans two lines.
      [--adaptive-threshold <R:N:MIN:MAX>]
          Help that starts on the next line
          and goes on.
      [--loop]                       Replay.
      """)
    #expect(table.map(\.name) == ["model", "adaptive-threshold", "loop"])
    #expect(table[0].help == "The model to read, which spans two lines.")
    #expect(table[1].valueName == "R:N:MIN:MAX" && !table[1].isRequired)
    #expect(table[1].help == "Help that starts on the next line and goes on.")
    #expect(table[2].isFlag && table[2].help == "Replay.")
  }

  /// Every command's table: names unique, every option with help, usage and help text built.
  @Test func everyCommandsOptionsAreWellFormed() {
    for command in Commands.all {
      let names = command.options.map(\.name)
      #expect(Set(names).count == names.count, "\(command.name): an option listed twice")
      for option in command.options {
        #expect(!option.name.isEmpty && !option.name.contains(" "), "\(command.name) \(option.name)")
        #expect(!option.help.isEmpty && !option.help.contains("  "), "\(command.name) \(option.name)")
        #expect(option.valueName.map { !$0.isEmpty && !$0.contains(" ") } ?? true)
        #expect(!(option.isFlag && option.isRequired), "\(command.name) \(option.name)")
      }
      #expect(command.help.contains("USAGE: \(command.usage)"))
    }
    let run = Commands.run.options
    #expect(run.contains { $0.name == "model" && $0.isRequired && $0.valueName == "INT.safetensors" })
    #expect(run.contains { $0.name == "mqtt-discovery" && $0.valueName == "PREFIX|off" })
  }
}
