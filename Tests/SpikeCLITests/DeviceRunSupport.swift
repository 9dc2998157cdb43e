import Foundation
import SpikeCapture
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What the device-run suites share: the model, spawning `spikecam run`, checking its JSON
/// lines, and the guest-only tools (v4l2-ctl, the MJPEG feeder).
enum DeviceRun {
  static let model = packageRoot + "/calibration/gesture9-int8.safetensors"
  static let environment = ProcessInfo.processInfo.environment
  static let vivid = environment["V4L2_TEST_DEVICE"]
  static let webcam = environment["V4L2_LOOPBACK_DEVICE"]
  static let decisionKeys = [
    "schema", "time", "t", "host", "device", "model", "frame", "class", "label", "score", "fps",
    "dropped", "latency_ms",
  ]

  /// `spikecam run --model M --device PATH --json EXTRA…`.
  static func run(_ device: String, _ extra: [String] = []) throws -> Spawned {
    try Spawned(Spawned.spikecam, ["run", "--model", model, "--device", device, "--json"] + extra)
  }

  /// vivid at `path` unplugged (its `disconnect` control) while another process holds the node,
  /// then plugged back, under a program `start` launched (`spikecam run` or the board program,
  /// whose stderr sentences start with `prefix`): the loss and the failed attempts reported,
  /// one reopen, decisions again, a clean SIGTERM.
  static func checkUnplugThenReplug(
    _ path: String, prefix: String, start: ([String]) throws -> Spawned
  ) throws {
    let child = try start(["--reopen", "30", "--reopen-backoff", "200", "--frame-timeout-ms", "3000"])
    #expect(child.wait(upTo: 120) { decisions(child).count >= 1 }, "\(child.stderr)")
    let holder = open(path, O_RDWR)
    try #require(holder >= 0)
    try tool("/usr/bin/v4l2-ctl", ["-d", path, "-c", "disconnect=1"])
    #expect(child.wait(upTo: 30) { child.events("reopen_failed").count >= 2 }, "\(child.stderr)")
    let lost = child.events("device_lost")
    #expect(lost.count == 1 && (lost.first?["error"] as? String ?? "").contains("went away"))
    close(holder)  // the last other user: vivid registers the node again
    #expect(child.wait(upTo: 30) { !child.events("reopened").isEmpty }, "\(child.stderr)")
    let before = decisions(child).count
    // A new stream: the frame window fills again before the next decision.
    #expect(child.wait(upTo: 120) { decisions(child).count > before + 2 }, "\(child.stderr)")
    child.signal(SIGTERM)
    #expect(child.exitCode(within: 30) == 0, "\(child.stderr)")
    let stopped = try #require(Self.stopped(child))
    #expect(stopped["reopens"] as? Int == 1 && stopped["reason"] as? String == "signal")
    #expect(child.stderr.contains("\(prefix): lost \(path):"), "\(child.stderr)")
    #expect(child.stderr.contains("\(prefix): reopened \(path)"), "\(child.stderr)")
  }

  /// vivid unplugged for good: after two reopen attempts, exit 74 with the message saying so
  /// and a `stopped` event with reason `device_lost`.
  static func checkUnplugForGood(_ path: String, start: ([String]) throws -> Spawned) throws {
    let child = try start(["--reopen", "2", "--reopen-backoff", "100"])
    #expect(child.wait(upTo: 120) { decisions(child).count >= 1 }, "\(child.stderr)")
    let holder = open(path, O_RDWR)
    try #require(holder >= 0)
    defer { close(holder) }
    try tool("/usr/bin/v4l2-ctl", ["-d", path, "-c", "disconnect=1"])
    #expect(child.exitCode(within: 30) == 74, "\(child.stderr)")
    #expect(child.events("reopen_failed").count == 2)
    #expect(stopped(child)?["reason"] as? String == "device_lost")
    #expect(
      child.stderr.contains("Error: \(path) was lost and did not come back after 2 reopen attempts"),
      "\(child.stderr)")
  }

  /// The decision lines (no `event` key) of a run.
  static func decisions(_ child: Spawned) -> [[String: Any]] {
    child.jsonLines.filter { $0["event"] == nil }
  }

  /// Every decision line has the fields of docs/ARCHITECTURE.md, "Command-line contract",
  /// with sane values.
  static func checkDecisions(_ lines: [[String: Any]]) {
    for line in lines {
      #expect(Set(line.keys) == Set(decisionKeys), "\(line)")
      let cls = line["class"] as? Int ?? -1
      #expect((0..<Dataset.gesture9Classes.count).contains(cls), "\(line)")
      #expect(line["label"] as? String == Dataset.gesture9Classes[max(0, cls)])
      let score = line["score"] as? Double ?? -1
      #expect(score > 0 && score <= 1, "\(line)")
      #expect((line["fps"] as? Double ?? -1) >= 0 && (line["latency_ms"] as? Double ?? -1) >= 0)
    }
  }

  /// The closing `stopped` event (the last line of a run).
  static func stopped(_ child: Spawned) -> [String: Any]? {
    let last = child.jsonLines.last
    return last?["event"] as? String == "stopped" ? last : nil
  }

  /// Runs `body` while this process streams from `path`, so that other programs find it busy.
  static func whileStreaming(_ path: String, _ body: () throws -> Void) throws {
    var holder = try V4L2Source(path: path)
    var pixels = [UInt8](repeating: 0, count: holder.format.byteCount)
    _ = try pixels.withUnsafeMutableBufferPointer { try holder.nextFrame(into: $0) }
    try body()
    try holder.close()
  }

  /// Checks that a program let go of `path`: this process can stream it at once.
  static func checkReleased(_ path: String) throws {
    var device = try VideoDevice.open(path)
    _ = try device.negotiate(CaptureRequest())
    try device.startStreaming()
    try device.close()
  }

  /// Runs a guest tool to the end; its exit code.
  @discardableResult
  static func tool(_ path: String, _ arguments: [String], seconds: Double = 30) throws -> Int32? {
    try Spawned(path, arguments).exitCode(within: seconds)
  }

  /// Pids of the processes whose command line mentions `needle` and whose name is `command`.
  static func processes(named command: String, mentioning needle: String) -> [pid_t] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
      return []
    }
    return entries.compactMap { name -> pid_t? in
      guard let pid = pid_t(name),
        let comm = try? String(contentsOfFile: "/proc/\(name)/comm", encoding: .utf8),
        comm.trimmingCharacters(in: .whitespacesAndNewlines) == command,
        let cmdline = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"),
        String(decoding: cmdline, as: UTF8.self).contains(needle)
      else { return nil }
      return pid
    }
  }

  /// Waits until `path` opens as a video capture device (a loopback node shows capture only
  /// while a writer streams into it).
  static func waitForCapture(_ path: String, seconds: Double = 30) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      do {
        let device = try VideoDevice.open(path)
        try device.close()
        return true
      } catch {
        usleep(200_000)
      }
    }
    return false
  }
}
