import Foundation
import Testing

/// `spikecam run` stops cleanly on SIGINT and SIGTERM: exit 0, every printed line a complete
/// JSON object, and the summary on stderr.
@Suite struct RunSignalTests {
  @Test(arguments: [SIGINT, SIGTERM]) func runStopsCleanlyOnSignal(_ sig: Int32) throws {
    let model = packageRoot + "/calibration/gesture9-int8.safetensors"
    try #require(FileManager.default.fileExists(atPath: model), "bundled model missing")
    let run = try RunningSpikeCam([
      "run", "--model", model, "--clip", packageRoot + "/calibration/sample-640x480.avi",
      "--loop", "--realtime", "--json",
    ])
    let (process, out, err) = (run.process, run.stdout, run.stderr)
    // Wait for the first decision (16 frames at 12 fps ≈ 1.3 s), then signal.
    var received = run.firstLine()
    kill(process.processIdentifier, sig)
    // A run that ignores the signal fails the test instead of hanging it.
    let stopBy = Date().addingTimeInterval(10)
    while process.isRunning && Date() < stopBy { usleep(20_000) }
    let stopped = !process.isRunning
    if !stopped { kill(process.processIdentifier, SIGKILL) }
    #expect(stopped, "run did not stop within 10 s of the signal")
    received += out.fileHandleForReading.readDataToEndOfFile()
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 0, "\(stderr)")
    #expect(stderr.contains("stopped by signal"))
    // Flushed: the output ends with a complete line.
    #expect(received.last == UInt8(ascii: "\n"))
    let lines = String(decoding: received, as: UTF8.self).split(separator: "\n")
    #expect(!lines.isEmpty)
    for line in lines {
      #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "\(line)")
    }
  }

  /// `spikecam run … | head -1`: the reader goes away after one line; run notices the closed
  /// pipe (SIGPIPE is ignored, the write fails with EPIPE), stops and exits 0, not killed by
  /// SIGPIPE and not looping forever on a clip that never ends.
  @Test func closedStdoutStopsRunCleanly() throws {
    let model = packageRoot + "/calibration/gesture9-int8.safetensors"
    let child = try Spawned(
      Spawned.spikecam,
      [
        "run", "--model", model, "--clip", packageRoot + "/calibration/sample-640x480.avi",
        "--loop", "--json",
      ], stdoutPipe: true)
    var byte: UInt8 = 0
    var line: [UInt8] = []
    while read(child.pipeReader, &byte, 1) == 1 && byte != UInt8(ascii: "\n") { line.append(byte) }
    #expect(
      (try? JSONSerialization.jsonObject(with: Data(line))) != nil,
      "\(String(decoding: line, as: UTF8.self))")
    close(child.pipeReader)  // like `head -1` exiting
    let code = child.exitCode(within: 20)
    #expect(code == 0, "exit \(code.map(String.init) ?? "none: still running after 20 s"); \(child.stderr)")
    #expect(child.stderr.contains("(stdout closed)"), "\(child.stderr)")
    #expect(!child.stderr.contains("Fatal error") && !child.stderr.contains("Broken pipe"))
  }
}
