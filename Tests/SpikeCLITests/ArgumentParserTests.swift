import Testing

@testable import SpikeCLI

@Suite struct ArgumentParserTests {
  let options = [
    OptionSpec("device", short: "d", value: "PATH", help: "device"),
    OptionSpec("json", help: "json"),
    OptionSpec("out", value: "DIR", help: "out", isRequired: true),
  ]

  @Test func acceptsSpaceEqualsAndShortForms() throws {
    let a = try parseArguments(["--device", "/dev/video0", "--out=x", "--json"], options: options, arguments: [])
    #expect(a.value("device") == "/dev/video0" && a.value("out") == "x" && a.flag("json"))
    let b = try parseArguments(["-d", "/dev/video2", "--out", "y"], options: options, arguments: [])
    #expect(b.value("device") == "/dev/video2")
    let c = try parseArguments(["--out", "y", "--", "--json"], options: options,
      arguments: [ArgumentSpec("X", help: "")])
    #expect(c.positionals == ["--json"] && !c.flag("json"))
  }

  @Test func errorsNameTheOption() {
    #expect(throws: CLIError.usage("unknown option '--colour'")) {
      try parseArguments(["--colour", "red"], options: options, arguments: [])
    }
    #expect(throws: CLIError.usage("missing value for '--device <PATH>'")) {
      try parseArguments(["--out", "x", "--device"], options: options, arguments: [])
    }
    #expect(throws: CLIError.usage("missing required option '--out <DIR>'")) {
      try parseArguments([], options: options, arguments: [])
    }
    #expect(throws: CLIError.usage("flag '--json' does not take a value")) {
      try parseArguments(["--out", "x", "--json=1"], options: options, arguments: [])
    }
    #expect(throws: CLIError.usage("unexpected argument 'extra'")) {
      try parseArguments(["--out", "x", "extra"], options: options, arguments: [])
    }
  }

  @Test func helpWinsOverMissingOptions() throws {
    let parsed = try parseArguments(["-h"], options: options, arguments: [])
    #expect(parsed.helpRequested)
  }
}
