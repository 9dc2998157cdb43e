import Foundation
import SpikeCapture
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `spikecam run` and `record` against vivid in the device VM (docs/TESTING.md): real
/// decisions, SIGTERM releasing the camera, a busy camera, no permission, and vivid's own
/// unplug (its `disconnect` control: the node refuses every call with ENODEV until the last
/// descriptor closes, then comes back), survived by reopening or ending in exit 74.
/// Serialized: every test streams the one vivid node.
@Suite(
  .serialized,
  .enabled(
    if: DeviceRun.vivid != nil,
    "no V4L2_TEST_DEVICE: run in the VM: bash .ci/v4l2-vm -e SPIKECAM_BIN=$PWD/.build/release/spikecam -- .build/debug/SpikeCamPackageTests.xctest --testing-library swift-testing --filter VividRunTests"
  ))
struct VividRunTests {
  let path = DeviceRun.vivid ?? "/dev/video0"

  /// Decisions from a live camera; SIGTERM or SIGINT stops the run, the output ends with a
  /// complete line, and the camera is free for the next program at once.
  @Test(arguments: [SIGTERM, SIGINT])
  func classifiesLiveThenASignalReleasesTheDevice(_ sig: Int32) throws {
    let child = try DeviceRun.run(path)
    #expect(child.wait(upTo: 60) { DeviceRun.decisions(child).count >= 3 }, "\(child.stderr)")
    child.signal(sig)
    #expect(child.exitCode(within: 15) == 0, "\(child.stderr)")
    #expect(child.stdout.hasSuffix("}\n"))
    DeviceRun.checkDecisions(DeviceRun.decisions(child))
    let stopped = try #require(DeviceRun.stopped(child), "\(child.stdout.suffix(300))")
    #expect(stopped["reason"] as? String == "signal" && stopped["reopens"] as? Int == 0)
    #expect(child.stderr.contains("(stopped by signal)"))
    try DeviceRun.checkReleased(path)
  }

  /// `run --device … | head -1`: the reader goes away, run stops (exit 0) and lets go of the
  /// camera.
  @Test func closedStdoutStopsTheCameraRun() throws {
    let child = try Spawned(
      Spawned.spikecam, ["run", "--model", DeviceRun.model, "--device", path, "--json"],
      stdoutPipe: true)
    var byte: UInt8 = 0
    var line: [UInt8] = []
    while read(child.pipeReader, &byte, 1) == 1 && byte != UInt8(ascii: "\n") { line.append(byte) }
    #expect(line.first == UInt8(ascii: "{"), "\(child.stderr)")
    close(child.pipeReader)
    #expect(child.exitCode(within: 20) == 0, "\(child.stderr)")
    #expect(child.stderr.contains("stopped: stdout_closed") && child.stderr.contains("(stdout closed)"))
    try DeviceRun.checkReleased(path)
  }

  @Test func aBusyDeviceExits75AndNamesTheHolder() throws {
    try DeviceRun.whileStreaming(path) {
      let child = try DeviceRun.run(path)
      #expect(child.exitCode(within: 60) == 75, "\(child.stderr)")
      #expect(child.stderr.contains("is in use by process \(getpid())"), "\(child.stderr)")
    }
  }

  /// As `nobody` (not in the node's group; vivid's node is root:root 0600 in the VM).
  @Test(.enabled(if: getuid() == 0, "needs root to drop to another user"))
  func noPermissionExits77() throws {
    let child = try Spawned(
      "/usr/bin/setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", Spawned.spikecam, "run", "--model",
       DeviceRun.model, "--device", path])
    #expect(child.exitCode(within: 60) == 77, "\(child.stderr)")
    #expect(child.stderr.contains("Error: permission denied for \(path)"), "\(child.stderr)")
    #expect(child.stderr.contains("usermod -aG"))
  }

  /// Unplug (vivid `disconnect`) while we hold the node open too, so it stays gone: run
  /// reports device_lost, its reopens fail; we let go, vivid comes back, run reopens it and
  /// classifies again.
  @Test func unplugThenReplugIsSurvived() throws {
    try DeviceRun.checkUnplugThenReplug(path, prefix: "spikecam") { try DeviceRun.run(path, $0) }
  }

  /// Unplugged for good: after its reopen attempts run out, run exits 74 and says why.
  @Test func unplugForGoodExits74() throws {
    try DeviceRun.checkUnplugForGood(path) { try DeviceRun.run(path, $0) }
  }

  /// `record` stopped by SIGINT or SIGTERM in the middle of its second clip: the first clip is
  /// complete, the second is not there at all, labels.csv lists exactly the clips on disk, and
  /// the recorder's umask 077 keeps them private: files 0600, clip folders 0700 (a service's
  /// `UMask=0077` must hold for recorded webcam frames).
  @Test(arguments: [SIGINT, SIGTERM])
  func interruptedRecordLeavesCompleteClipsOnly(_ sig: Int32) throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let old = umask(0o077)
    let child = try Spawned(
      Spawned.spikecam,
      ["record", "--device", path, "--label", "none", "--out", out, "--clips", "3",
       "--frames", "100", "--pause-ms", "100"])
    umask(old)
    // A clip of 100 frames at 12 fps lasts over 8 s: a signal sent when the second one starts
    // lands inside it, however slow the machine.
    #expect(child.wait(upTo: 90) { child.stderr.contains("clip 2/3: recording") }, "\(child.stderr)")
    child.signal(sig)
    #expect(child.exitCode(within: 20) == 0, "\(child.stderr)")
    #expect(child.stderr.contains("1 clip(s) of 'none'"), "\(child.stderr)")
    let entries = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    let clips = entries.filter { $0 != "labels.csv" }
    #expect(clips.count == 1 && !clips.contains { $0.hasPrefix(".") }, "\(entries)")
    let labels = try String(contentsOfFile: out + "/labels.csv", encoding: .utf8)
    #expect(labels == "clip,label\n\(clips[0]),none\n")
    let set = try Dataset.load(directory: out, split: "train")
    #expect(set.labels.count == 1 && set.framesPerClip == 100)
    for file in ["labels.csv"] + (try FileManager.default.subpathsOfDirectory(atPath: out)) {
      var info = stat()
      #expect(stat(out + "/" + file, &info) == 0)
      let expected: mode_t = (info.st_mode & S_IFMT) == S_IFREG ? 0o600 : 0o700
      #expect(info.st_mode & 0o777 == expected, "\(file)")
    }
  }

  /// `record --split`: a clip recorded without a split, then one with `--split val`; the first
  /// becomes `train`, labels.csv gets the split column and each split loads its clip.
  @Test func recordWritesTheSplitColumn() throws {
    let out = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    for split in [nil, "val"] as [String?] {
      let child = try Spawned(
        Spawned.spikecam,
        ["record", "--device", path, "--label", "none", "--out", out, "--clips", "1",
         "--pause-ms", "0"] + (split.map { ["--split", $0] } ?? []))
      #expect(child.exitCode(within: 90) == 0, "\(child.stderr)")
      if split != nil {
        #expect(child.stderr.contains("become split 'train'"), "\(child.stderr)")
      }
    }
    let labels = try String(contentsOfFile: out + "/labels.csv", encoding: .utf8)
    #expect(labels == "clip,label,split\nclip_00000,none,train\nclip_00001,none,val\n")
    #expect(try Dataset.load(directory: out, split: "val").clipNames == ["clip_00001"])
    #expect(try Dataset.load(directory: out, split: "train").clipNames == ["clip_00000"])
  }

  func temporaryFolder() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-record-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
  }
}
