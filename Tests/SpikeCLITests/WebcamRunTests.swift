import Foundation
import SpikeCapture
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `spikecam run` and `record` against the MJPEG webcam of the device VM (v4l2loopback fed by
/// ffmpeg: `v4l2-vm --feed clip.avi`): real decisions, recorded clips that `eval` reads, the
/// feeder killed mid-stream (frames stop: frame timeout, then reopen once a feeder is back, or
/// exit 74 when none comes), and a feed with corrupt JPEG frames (skipped and counted).
/// Serialized: the tests stop and restart the one feeder; each leaves a feeder running.
@Suite(
  .serialized,
  .enabled(
    if: DeviceRun.webcam != nil,
    "no V4L2_LOOPBACK_DEVICE: run in the VM: bash .ci/v4l2-vm -e SPIKECAM_BIN=$PWD/.build/release/spikecam --feed clip.avi -- .build/debug/SpikeCamPackageTests.xctest --testing-library swift-testing --filter WebcamRunTests"
  ))
struct WebcamRunTests {
  let path = DeviceRun.webcam ?? "/dev/video10"
  static let clip = packageRoot + "/calibration/sample-640x480.avi"
  /// The feeder this suite started (kept for the rest of the process, like the VM's own).
  nonisolated(unsafe) static var feeder: Spawned?

  /// Kills every ffmpeg writing into the node; waits until none is left.
  func killFeeders() {
    for pid in DeviceRun.processes(named: "ffmpeg", mentioning: path) { kill(pid, SIGKILL) }
    Self.feeder.map { _ = $0.exitCode(within: 5) }
    Self.feeder = nil
    let deadline = Date().addingTimeInterval(10)
    while !DeviceRun.processes(named: "ffmpeg", mentioning: path).isEmpty && Date() < deadline {
      usleep(50_000)
    }
  }

  /// Unplugs the webcam (removes the v4l2loopback module, retrying while a reopen attempt
  /// holds the node for a moment) and plugs it back in. Needed after a feeder dies: ffmpeg
  /// writes with write(), which v4l2loopback 0.12 does not count as a writer, so the node
  /// offers neither capture nor output until it is recreated.
  func unplug() throws {
    let deadline = Date().addingTimeInterval(30)
    var removed = false
    while !removed && Date() < deadline {
      removed = try DeviceRun.tool("/usr/sbin/rmmod", ["v4l2loopback"]) == 0
      if !removed { usleep(100_000) }
    }
    try #require(removed, "v4l2loopback stayed in use")
  }

  func plug() throws {
    let release = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
      .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    let cache = DeviceRun.environment["V4L2_VM_CACHE"] ?? "/var/cache/v4l2-vm"
    let inserted = try DeviceRun.tool(
      "/usr/sbin/insmod",
      ["\(cache)/v4l2loopback-\(release).ko", "devices=1", "video_nr=10",
       "card_label=v4l2-vm-loopback", "exclusive_caps=1"])
    try #require(inserted == 0)
  }

  /// Replaces the feeder: kill it, unplug and plug the webcam, start a new one on `input`.
  func restartFeeder(_ input: [String] = ["-i", WebcamRunTests.clip]) throws {
    killFeeders()
    try unplug()
    try plug()
    try startFeeder(input)
  }

  /// Starts ffmpeg looping `input` (copied, not re-encoded) into the node, and waits until the
  /// node offers capture again.
  func startFeeder(_ input: [String] = ["-i", WebcamRunTests.clip]) throws {
    Self.feeder = try Spawned(
      "/usr/bin/ffmpeg",
      ["-nostdin", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1"] + input
        + ["-c:v", "copy", "-f", "v4l2", path])
    #expect(DeviceRun.waitForCapture(path), "the feeder did not start: \(Self.feeder?.stderr ?? "")")
  }

  @Test func classifiesTheMJPEGWebcam() throws {
    let child = try DeviceRun.run(path, ["--frames", "60"])
    #expect(child.exitCode(within: 90) == 0, "\(child.stderr)")
    let decisions = DeviceRun.decisions(child)
    #expect(decisions.count == 60 - 15, "\(child.stdout.suffix(400))")
    DeviceRun.checkDecisions(decisions)
    let stopped = try #require(DeviceRun.stopped(child))
    #expect(stopped["reason"] as? String == "frames" && stopped["frames"] as? Int == 60)
  }

  @Test func recordedClipsAreReadByEval() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-webcam-" + UUID().uuidString).path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let record = try Spawned(
      Spawned.spikecam,
      ["record", "--device", path, "--label", "none", "--out", out, "--clips", "2",
       "--pause-ms", "0"])
    #expect(record.exitCode(within: 90) == 0, "\(record.stderr)")
    let eval = try Spawned(
      Spawned.spikecam, ["eval", "--model", DeviceRun.model, "--data", out, "--json"])
    #expect(eval.exitCode(within: 90) == 0, "\(eval.stderr)")
    let object = try #require(eval.jsonLines.first)
    #expect(object["clips"] as? Int == 2, "\(object)")
    // Both recorded clips are labelled `none`: they fill the confusion matrix's first row, and
    // the accuracy is the share of them classified `none`.
    let confusion = try #require(object["confusion"] as? [[Int]])
    #expect(confusion[0].reduce(0, +) == 2 && confusion.dropFirst().allSatisfy { $0.allSatisfy { $0 == 0 } })
    #expect(object["accuracy"] as? Double == Double(confusion[0][0]) / 2, "\(object)")
  }

  /// The feeder dies: no frames, a frame timeout, reopens fail (the node offers no capture
  /// without a writer); the webcam is unplugged (module removed: the node is gone) and
  /// plugged back with a new feeder; run reopens it and classifies again.
  @Test func feederKilledThenWebcamReplugged() throws {
    let child = try DeviceRun.run(
      path, ["--frame-timeout-ms", "1500", "--reopen", "40", "--reopen-backoff", "50"])
    #expect(child.wait(upTo: 60) { DeviceRun.decisions(child).count >= 2 }, "\(child.stderr)")
    killFeeders()
    #expect(child.wait(upTo: 30) { !child.events("frame_timeout").isEmpty }, "\(child.stderr)")
    #expect(child.events("frame_timeout").first?["timeout_ms"] as? Int == 1500)
    #expect(child.wait(upTo: 30) { !child.events("reopen_failed").isEmpty }, "\(child.stderr)")
    try unplug()
    let failures = child.events("reopen_failed").count
    #expect(child.wait(upTo: 30) { child.events("reopen_failed").count > failures })
    let lastError = child.events("reopen_failed").last?["error"] as? String
    #expect(lastError?.contains("no video device") == true, "\(child.stderr)")
    try plug()
    try startFeeder()
    #expect(child.wait(upTo: 60) { !child.events("reopened").isEmpty }, "\(child.stderr)")
    let before = DeviceRun.decisions(child).count
    #expect(child.wait(upTo: 60) { DeviceRun.decisions(child).count > before + 2 }, "\(child.stderr)")
    child.signal(SIGINT)
    #expect(child.exitCode(within: 15) == 0, "\(child.stderr)")
    #expect(DeviceRun.stopped(child)?["reopens"] as? Int == 1)
    #expect(child.stderr.contains("spikecam: no frame from \(path) within 1500 ms"))
  }

  /// The feeder dies and nothing replaces it: exit 74 after the reopen attempts.
  @Test func feederKilledForGoodExits74() throws {
    let child = try DeviceRun.run(
      path, ["--frame-timeout-ms", "1000", "--reopen", "3", "--reopen-backoff", "100"])
    #expect(child.wait(upTo: 60) { DeviceRun.decisions(child).count >= 1 }, "\(child.stderr)")
    killFeeders()
    #expect(child.exitCode(within: 30) == 74, "\(child.stderr)")
    #expect(child.events("frame_timeout").count == 1 && child.events("reopen_failed").count == 3)
    #expect(DeviceRun.stopped(child)?["reason"] as? String == "device_lost")
    #expect(child.stderr.contains("was lost and did not come back after 3 reopen attempts"))
    try restartFeeder()
  }

  /// Every third frame of the feed is cut short (an EOI marker in the middle of the scan) or
  /// is a header-only JPEG: run skips and counts them and still classifies the good ones.
  @Test func corruptFramesAreSkippedAndCounted() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-corrupt-" + UUID().uuidString).path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let clean = folder + "/clean.mjpeg"
    let copy = try DeviceRun.tool(
      "/usr/bin/ffmpeg",
      ["-nostdin", "-loglevel", "error", "-i", Self.clip, "-c:v", "copy", "-f", "mjpeg", clean])
    try #require(copy == 0)
    let frames = Self.jpegFrames(try [UInt8](Data(contentsOf: URL(fileURLWithPath: clean))))
    try #require(frames.count >= 30)
    var stream: [UInt8] = []
    for (index, frame) in frames.enumerated() {
      if index >= 6 && index % 6 == 0 {
        stream += frame.prefix(frame.count * 2 / 5) + [0xFF, 0xD9]  // cut mid-scan
      } else if index >= 6 && index % 6 == 3 {
        stream += [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x02, 0xFF, 0xD9]  // SOF with a bogus length
      } else {
        stream += frame
      }
    }
    let corrupt = folder + "/corrupt.mjpeg"
    try Data(stream).write(to: URL(fileURLWithPath: corrupt))
    try restartFeeder(["-f", "mjpeg", "-framerate", "12", "-i", corrupt])
    defer { try? restartFeeder() }
    let child = try DeviceRun.run(path, ["--frames", "60"])
    #expect(child.exitCode(within: 120) == 0, "\(child.stderr)")
    let stopped = try #require(DeviceRun.stopped(child), "\(child.stderr)")
    let skipped = stopped["corrupt"] as? Int ?? 0
    print("corrupt feed: \(skipped) frames skipped; events: \(child.events("corrupt_frames").count)")
    #expect(skipped >= 15, "\(child.stderr)")  // a third of the frames read; the race alone skips ~10 %
    #expect((stopped["decisions"] as? Int ?? 0) == 60 - 15)
    let reasons = child.events("corrupt_frames").compactMap { $0["reason"] as? String }
    #expect(!reasons.isEmpty && reasons.allSatisfy { $0.contains("JPEG") }, "\(reasons)")
    #expect(child.stderr.contains("corrupt frame(s) from \(path) skipped"))
  }

  /// The JPEGs of a raw MJPEG stream, split at each SOI that follows an EOI.
  static func jpegFrames(_ bytes: [UInt8]) -> [[UInt8]] {
    var frames: [[UInt8]] = []
    var start = 0
    var index = 0
    while index + 3 < bytes.count {
      if bytes[index] == 0xFF && bytes[index + 1] == 0xD9 && bytes[index + 2] == 0xFF
        && bytes[index + 3] == 0xD8
      {
        frames.append(Array(bytes[start..<(index + 2)]))
        start = index + 2
      }
      index += 1
    }
    if start < bytes.count { frames.append(Array(bytes[start...])) }
    return frames
  }
}
