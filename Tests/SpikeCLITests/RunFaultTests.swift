import SpikeCapture
import SpikeSystem
import Testing

@testable import SpikeCLI

/// The exit codes of capture faults (README, "Exit codes") and the options that control
/// reopening, without a device; the faults themselves are exercised in the VM
/// (`VividRunTests`, `WebcamRunTests`).
@Suite struct RunFaultTests {
  @Test func captureErrorsMapToDistinctExitCodes() {
    let cases: [(CaptureError, Int32)] = [
      (.deviceBusy(path: "/dev/video0", holder: "process 7 (ffmpeg)"), 75),
      (.deviceAccessDenied(path: "/dev/video0", group: "video"), 77),
      (.permissionDenied(path: "/dev/video0"), 77),
      (.deviceVanished(path: "/dev/video0"), 74),
      (.frameTimeout(path: "/dev/video0", milliseconds: 5000), 74),
      (.noSuchDevice(path: "/dev/video9"), 69),
      (.notACaptureDevice(path: "/dev/null"), 69),
      (.unsupportedFormat(path: "/dev/video0", requested: "MJPG", available: ["BA81"]), 69),
      (.systemError(path: "/dev/video0", call: "VIDIOC_STREAMON", errno: Errno(5)), 69),
    ]
    for (error, code) in cases {
      let mapped = CLIError.device(error)
      #expect(mapped.exitCode == code, "\(error)")
      #expect(mapped.message == error.description)
    }
  }

  @Test func reopenOptionsAreChecked() {
    let model = packageRoot + "/calibration/gesture9-int8.safetensors"
    for bad in [["--reopen", "-1"], ["--reopen-backoff", "31000"], ["--frame-timeout-ms", "5"]] {
      let (code, out, err) = spikecam(["run", "--model", model, "--device", "/dev/video0"] + bad)
      #expect(code == 64 && out.isEmpty, "\(bad): \(err)")
      #expect(err.contains("--\(bad[0].dropFirst(2)) takes a whole number"), "\(err)")
    }
  }

  @Test func missingAndUnusableDevicesExit69() {
    let model = packageRoot + "/calibration/gesture9-int8.safetensors"
    let (missing, _, missingErr) = spikecam(
      ["run", "--model", model, "--device", "/dev/spikecam-no-such-video"])
    #expect(missing == 69 && missingErr.hasPrefix("Error: no video device at"), "\(missingErr)")
    let (notVideo, _, notVideoErr) = spikecam(["run", "--model", model, "--device", "/dev/null"])
    #expect(notVideo == 69 && notVideoErr.contains("not a video capture device"))
    let (record, _, _) = spikecam([
      "record", "--device", "/dev/spikecam-no-such-video", "--label", "x", "--out", "/tmp/none",
    ])
    #expect(record == 69)
  }

  /// The back-off doubles from `--reopen-backoff` and stops at 30 s; defaults as documented.
  @Test func backoffDoublesUpToThirtySeconds() throws {
    let options = Commands.run.options
    let policy = try ReopenPolicy(
      arguments: parseArguments(["--model", "m", "--reopen-backoff", "500"], options: options, arguments: []))
    #expect((1...8).map { policy.backoff(attempt: $0) }
      == [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000])
    let defaults = try ReopenPolicy(arguments: parseArguments(["--model", "m"], options: options, arguments: []))
    #expect(defaults.attempts == 8 && defaults.frameTimeoutMilliseconds == 5000)
    #expect(defaults.backoffMilliseconds == 500)
  }
}
