import Foundation
import Testing

/// Runs the built `spikecam` binary and checks its full output and exit code.
struct ProcessResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

func runSpikeCam(_ arguments: [String]) throws -> ProcessResult {
  let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("spikecam")
  let process = Process()
  process.executableURL = binary
  process.arguments = arguments
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
  let stderrData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return ProcessResult(
    status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
    stderr: String(decoding: stderrData, as: UTF8.self))
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
