import Foundation
import Testing

/// Runs the built `spikecam` binary and checks its full output and exit code.
struct ProcessResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

func runSpikeCam(_ arguments: [String]) throws -> ProcessResult {
  let run = try RunningSpikeCam(arguments)
  let stdoutData = run.stdout.fileHandleForReading.readDataToEndOfFile()
  let stderrData = run.stderr.fileHandleForReading.readDataToEndOfFile()
  run.process.waitUntilExit()
  return ProcessResult(
    status: run.process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
    stderr: String(decoding: stderrData, as: UTF8.self))
}

/// The built `spikecam` binary started in the background, for tests that act while it runs
/// (signal it, feed it).
struct RunningSpikeCam {
  let process = Process()
  let stdout = Pipe()
  let stderr = Pipe()

  /// Starts `spikecam arguments`.
  init(_ arguments: [String]) throws {
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
      .deletingLastPathComponent().appendingPathComponent("spikecam")
    process.arguments = arguments
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
  }

  /// What stdout gave until its first complete line (a run's first decision), waiting up to
  /// `seconds` for it.
  func firstLine(within seconds: TimeInterval = 20) -> Data {
    var received = Data()
    let deadline = Date().addingTimeInterval(seconds)
    while !received.contains(UInt8(ascii: "\n")) && Date() < deadline {
      received += stdout.fileHandleForReading.availableData
    }
    return received
  }
}

@Suite struct BinaryTests {
  @Test func helpListsTheContractSubcommands() throws {
    let result = try runSpikeCam(["--help"])
    #expect(result.status == 0)
    for name in [
      "devices", "record", "train", "calibrate", "quantize", "eval", "run", "inspect", "keygen", "sign",
    ] {
      #expect(result.stdout.contains("\n  \(name) "), "missing subcommand \(name)")
    }
  }

  @Test func unknownOptionIsAUsageError() throws {
    let result = try runSpikeCam(["inspect", "--colour", "x.safetensors"])
    #expect(result.status == 64)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: unknown option '--colour'\nUsage: spikecam inspect "))
  }

  @Test func everySubcommandHasHelp() throws {
    for name in [
      "devices", "record", "train", "calibrate", "quantize", "eval", "run", "inspect", "keygen", "sign",
    ] {
      let result = try runSpikeCam([name, "--help"])
      #expect(result.status == 0)
      #expect(result.stdout.hasPrefix("OVERVIEW: "))
      #expect(result.stdout.contains("USAGE: spikecam \(name)"))
    }
  }
}
