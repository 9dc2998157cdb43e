import Foundation
import SpikeCapture
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The board program (`spikecam-board --device`, tools/build-board.sh) on a real camera in the
/// device VM: the MJPEG webcam when the VM has one, else vivid (YUYV). It runs the host's own
/// capture code (open, negotiation, mmap streaming, decode, preprocessing, reopening) compiled
/// as Embedded Swift over plain system calls; these tests check what a user sees: decisions and
/// events as `spikecam run --device --json` prints them, SIGTERM between frames, the device
/// released, an unplugged camera ridden out, and the exit codes `spikecam run` gives a busy,
/// forbidden, missing or lost camera. Serialized: every test streams the one device.
@Suite(
  .serialized,
  .enabled(
    if: BoardDevice.program != nil && (DeviceRun.webcam ?? DeviceRun.vivid) != nil,
    "no V4L2_TEST_DEVICE or SPIKECAM_BOARD_BIN: run in the VM: bash .ci/v4l2-vm -e SPIKECAM_BOARD_BIN=$PWD/.build/board/host/spikecam-board -- .build/debug/SpikeCamPackageTests.xctest --testing-library swift-testing --filter BoardDeviceTests"
  ))
struct BoardDeviceTests {
  let path = DeviceRun.webcam ?? DeviceRun.vivid ?? "/dev/video0"

  /// `--frames 30`: 30 frames classified, a decision from the 16th on (the head's 15-frame
  /// window), each line `spikecam run --device --json`'s, a closing `stopped` event, and a
  /// summary naming the format.
  @Test func classifiesLiveFrames() throws {
    let child = try BoardDevice.run(path, ["--frames", "30"])
    #expect(child.exitCode(within: 180) == 0, "\(child.stderr)")
    let lines = DeviceRun.decisions(child)
    #expect(lines.count == 15, "\(child.stdout.suffix(300))\n\(child.stderr)")
    let stopped = try #require(DeviceRun.stopped(child), "\(child.stdout.suffix(300))")
    #expect(stopped["reason"] as? String == "frames" && stopped["frames"] as? Int == 30)
    #expect(stopped["decisions"] as? Int == 15 && stopped["reopens"] as? Int == 0)
    DeviceRun.checkDecisions(lines)
    #expect(lines.first?["frame"] as? Int == 15 && lines.last?["frame"] as? Int == 29)
    #expect(lines.first?["device"] as? String == path)
    #expect((lines.first?["model"] as? String)?.hasPrefix("sha256:") == true, "\(lines.first ?? [:])")
    #expect(child.stderr.contains("\(path): "), "\(child.stderr)")
    #expect(child.stderr.contains("30 frames, "), "\(child.stderr)")
  }

  /// SIGTERM ends the run between frames: exit 0, whole lines, and the camera is free at once.
  @Test func sigtermStopsAndReleasesTheDevice() throws {
    let child = try BoardDevice.run(path)
    #expect(child.wait(upTo: 120) { DeviceRun.decisions(child).count >= 2 }, "\(child.stderr)")
    child.signal(SIGTERM)
    #expect(child.exitCode(within: 30) == 0, "\(child.stderr)")
    #expect(child.stdout.hasSuffix("}\n"))
    DeviceRun.checkDecisions(DeviceRun.decisions(child))
    #expect(DeviceRun.stopped(child)?["reason"] as? String == "signal", "\(child.stdout.suffix(300))")
    #expect(child.stderr.contains("(stopped by signal)"), "\(child.stderr)")
    try DeviceRun.checkReleased(path)
  }

  /// On vivid, which refuses a second streamer (v4l2loopback lets several read at once).
  @Test(.enabled(if: DeviceRun.vivid != nil, "needs vivid"))
  func aBusyDeviceExits75AndNamesTheHolder() throws {
    let vivid = DeviceRun.vivid!
    try DeviceRun.whileStreaming(vivid) {
      let child = try BoardDevice.run(vivid, ["--frames", "5"])
      #expect(child.exitCode(within: 60) == 75, "\(child.stderr)")
      #expect(child.stderr.contains("is in use by process \(getpid())"), "\(child.stderr)")
    }
  }

  /// vivid unplugged (its `disconnect` control) while another process holds the node, then
  /// plugged back: the board program reports the loss and the failed attempts, reopens, goes on
  /// deciding, and forgets the old stream, with `spikecam run`'s events.
  @Test(.enabled(if: DeviceRun.vivid != nil, "needs vivid"))
  func unplugThenReplugIsSurvived() throws {
    let vivid = DeviceRun.vivid!
    try DeviceRun.checkUnplugThenReplug(vivid, prefix: "spikecam-board") {
      try BoardDevice.run(vivid, $0)
    }
  }

  /// Unplugged for good: after its reopen attempts run out, exit 74 with `spikecam run`'s
  /// message and a `stopped` event saying why.
  @Test(.enabled(if: DeviceRun.vivid != nil, "needs vivid"))
  func unplugForGoodExits74() throws {
    let vivid = DeviceRun.vivid!
    try DeviceRun.checkUnplugForGood(vivid) { try BoardDevice.run(vivid, $0) }
  }

  @Test func aMissingDeviceExits69() throws {
    let child = try BoardDevice.run("/dev/video99", ["--frames", "5"])
    #expect(child.exitCode(within: 60) == 69, "\(child.stderr)")
    #expect(child.stderr.contains("no video device at /dev/video99"), "\(child.stderr)")
    let notACamera = try BoardDevice.run("/dev/null", ["--frames", "5"])
    #expect(notACamera.exitCode(within: 60) == 69, "\(notACamera.stderr)")
  }

  /// As `nobody` (not in the node's group).
  @Test(.enabled(if: getuid() == 0, "needs root to drop to another user"))
  func noPermissionExits77() throws {
    let child = try Spawned(
      "/usr/bin/setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", BoardDevice.program!, "--model",
       DeviceRun.model, "--device", path, "--frames", "5"])
    #expect(child.exitCode(within: 60) == 77, "\(child.stderr)")
    #expect(child.stderr.contains("permission denied for \(path)"), "\(child.stderr)")
  }
}

/// Running the board program on a camera.
enum BoardDevice {
  /// The host build of the board program (`SPIKECAM_BOARD_BIN`).
  static let program: String? = {
    guard let path = DeviceRun.environment["SPIKECAM_BOARD_BIN"], !path.isEmpty else { return nil }
    return path
  }()

  /// `spikecam-board --model M --device PATH EXTRA…`.
  static func run(_ device: String, _ extra: [String] = []) throws -> Spawned {
    try Spawned(program!, ["--model", DeviceRun.model, "--device", device] + extra)
  }
}
