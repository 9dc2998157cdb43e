import Foundation
import SpikeModel
import Testing

/// `spikecam run --learn` with rewards: a column head learns by integer R-STDP from the labels
/// of `--reward-label` or of a `--rewards` schedule (a file or a named pipe), the front end and
/// the column's hidden layer fixed; the adapted model is the same bytes for the same input and
/// records the windows it learned; bad schedules and heads that cannot learn are refused.
@Suite(.serialized) struct RunRewardTests {
  static let clip = packageRoot + "/calibration/sample-640x480.avi"
  static let sample = packageRoot + "/calibration/gesture9-sample"
  typealias Model = QuantizedClassifierModel<ColumnClassifierHead>

  /// A small column model trained on the bundled sample clips, made once per process.
  static let column = Result { try makeColumn() }

  static func makeColumn() throws -> String {
    let dir = try RunLearnTests.folder()
    let config = dir.appendingPathComponent("config.json").path
    try Data(#"{"column_hidden": 32, "per_class": 4, "rstdp_epochs": 1}"#.utf8)
      .write(to: URL(fileURLWithPath: config))
    let float = dir.appendingPathComponent("float.safetensors").path
    let ranges = dir.appendingPathComponent("ranges.json").path
    let int8 = dir.appendingPathComponent("int8.safetensors").path
    for step in [
      ["train", "--data", sample, "--head", "column", "--config", config, "--stdp-clips", "4",
       "--out", float],
      ["calibrate", "--model", float, "--data", sample, "--split", "train", "--out", ranges],
      ["quantize", "--model", float, "--calibration", ranges, "--board",
       packageRoot + "/firmware-config/rpi-4.json", "--out", int8],
    ] {
      let r = try runSpikeCam(step)
      guard r.status == 0 else { throw Failure(message: "\(step[0]): \(r.stderr)") }
    }
    return int8
  }

  /// A labeller on a named pipe in `dir`. It holds the pipe open read-write, which does not
  /// wait for a reader: what it says sits in the pipe until the run reads it.
  final class Labeller {
    let path: String
    let fd: Int32

    init(in dir: URL) throws {
      path = dir.appendingPathComponent("rewards.fifo").path
      guard mkfifo(path, 0o600) == 0 else { throw Failure(message: "mkfifo \(path) failed") }
      fd = open(path, O_RDWR)
      guard fd >= 0 else { throw Failure(message: "cannot open \(path)") }
    }

    deinit { close(fd) }

    func say(_ text: String) {
      let bytes = Array(text.utf8)
      #expect(write(fd, bytes, bytes.count) == bytes.count)
    }
  }

  struct Failure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
  }

  static func read(_ path: String) throws -> Model? {
    guard case .int8(let m) = try ClassifierModelFile.read(path: path) else { return nil }
    return m as? Model
  }

  /// Decisions of a run, from its closing line.
  static func decisions(_ stderr: String) -> Int? {
    guard let range = stderr.range(of: #"frames, (\d+) decisions"#, options: .regularExpression)
    else { return nil }
    return Int(stderr[range].split(separator: " ")[1])
  }

  @Test func fixedLabelTeachesThePopulationsOnly() throws {
    let model = try Self.column.get()
    let dir = try RunLearnTests.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    var images: [Data] = []
    for run in 0..<2 {
      let out = dir.appendingPathComponent("adapted\(run).safetensors").path
      let r = try runSpikeCam([
        "run", "--model", model, "--clip", Self.clip, "--frames", "40", "--json", "--learn",
        "--reward-label", "left", "--save", out,
      ])
      #expect(r.status == 0, "\(r.stderr)")
      let decided = try #require(Self.decisions(r.stderr), "\(r.stderr)")
      #expect(decided > 0)
      #expect(r.stderr.contains("learned from \(decided) rewarded windows of 40 frames"), "\(r.stderr)")
      images.append(try Data(contentsOf: URL(fileURLWithPath: out)))
    }
    #expect(images[0] == images[1])
    let adapted = try #require(try Self.read(dir.appendingPathComponent("adapted0.safetensors").path))
    let original = try #require(try Self.read(model))
    #expect(adapted.frontEnd == original.frontEnd)
    #expect(adapted.head.weights[0] == original.head.weights[0], "the hidden layer stays")
    #expect(adapted.head.weights[1] != original.head.weights[1], "the populations learn")
    #expect((adapted.adaptation?.windowsRewarded ?? 0) > 0)
    #expect(adapted.adaptation?.framesLearned == 0)
  }

  /// A schedule rewards exactly the windows decided between its lines' frames: windows of
  /// frames 20…29 here (`-` stops the reward).
  @Test func scheduleRewardsTheFramesItNames() throws {
    let model = try Self.column.get()
    let dir = try RunLearnTests.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let schedule = dir.appendingPathComponent("rewards.txt").path
    try Data("# frame label\n0 -\n20 left\n\n25 2\n30 -\n".utf8).write(
      to: URL(fileURLWithPath: schedule))
    let out = dir.appendingPathComponent("adapted.safetensors").path
    let r = try runSpikeCam([
      "run", "--model", model, "--clip", Self.clip, "--frames", "40", "--json", "--learn",
      "--rewards", schedule, "--save", out,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("learned from 10 rewarded windows of 40 frames"), "\(r.stderr)")
    #expect(try Self.read(out)?.adaptation?.windowsRewarded == 10)
  }

  /// A named pipe works as a live source: what the labeller wrote before the first frame
  /// counts from frame 0.
  @Test func namedPipeIsReadAsTheRunGoes() throws {
    let model = try Self.column.get()
    let dir = try RunLearnTests.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let labeller = try Labeller(in: dir)
    labeller.say("0 right\n")
    let fifo = labeller.path
    let out = dir.appendingPathComponent("adapted.safetensors").path
    let r = try runSpikeCam([
      "run", "--model", model, "--clip", Self.clip, "--frames", "30", "--json", "--learn",
      "--rewards", fifo, "--save", out,
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let decided = try #require(Self.decisions(r.stderr), "\(r.stderr)")
    #expect(r.stderr.contains("learned from \(decided) rewarded windows"), "\(r.stderr)")
  }

  /// A bad schedule line stops the run with the pipe and line named; what was learned before
  /// it arrived is saved. The run plays the clip in a loop until the labeller's bad line.
  @Test func badScheduleLineStopsTheRunAndKeepsTheLearning() throws {
    let model = try Self.column.get()
    let dir = try RunLearnTests.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let labeller = try Labeller(in: dir)
    labeller.say("0 left\n")
    let fifo = labeller.path
    let out = dir.appendingPathComponent("adapted.safetensors").path
    let run = try RunningSpikeCam([
      "run", "--model", model, "--clip", Self.clip, "--loop", "--realtime", "--json", "--learn",
      "--rewards", fifo, "--save", out,
    ])
    let (process, stderr) = (run.process, run.stderr)
    // Wait for a decision (a learned window), then send the bad line.
    _ = run.firstLine(within: 60)
    labeller.say("999999 sideways\n")
    process.waitUntilExit()
    let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus != 0)
    #expect(message.contains("rewards.fifo:2") && message.contains("sideways"), "\(message)")
    #expect((try Self.read(out)?.adaptation?.windowsRewarded ?? 0) > 0, "\(message)")
  }

  /// Every problem of a schedule file is refused before it is used, with its line.
  @Test func badScheduleFileIsRefusedUpFront() throws {
    let model = try Self.column.get()
    let dir = try RunLearnTests.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let cases = [
      ("0 left\n5 sideways\n", ":2: 'sideways' is not a class"),
      ("10 left\n5 right\n", ":2: frame 5 does not follow frame 10"),
      ("ten left\n", ":1: the frame 'ten' is not a whole number"),
      ("0 left extra\n", ":1: expected FRAME LABEL"),
      (String(repeating: "x", count: 300), ":1: a line is longer than 256 bytes"),
    ]
    for (text, message) in cases {
      let schedule = dir.appendingPathComponent("rewards.txt").path
      try Data(text.utf8).write(to: URL(fileURLWithPath: schedule))
      let out = dir.appendingPathComponent("adapted.safetensors").path
      let r = try runSpikeCam([
        "run", "--model", model, "--clip", Self.clip, "--frames", "20", "--json", "--learn",
        "--rewards", schedule, "--save", out,
      ])
      #expect(r.status != 0)
      #expect(r.stderr.contains("rewards.txt" + message), "\(text): \(r.stderr)")
      #expect(!FileManager.default.fileExists(atPath: out), "nothing was learned, nothing saved")
    }
  }

  @Test func refusals() throws {
    let model = try Self.column.get()
    let bundled = packageRoot + "/calibration/gesture9-int8.safetensors"
    let cases: [([String], String)] = [
      (["--model", bundled, "--learn", "--reward-label", "left", "--save", "/tmp/x"],
       "does not"),
      (["--model", model, "--reward-label", "left"], "--reward-label goes with --learn"),
      (["--model", model, "--learn", "--reward-label", "sideways", "--save", "/tmp/x"],
       "'sideways' is not a class"),
      (["--model", model, "--learn", "--reward-label", "left", "--rewards", "/tmp/r",
        "--save", "/tmp/x"], "one of --reward-label"),
      (["--model", model, "--learn", "--reward-label", "left", "--learn-rate", "1/2",
        "--save", "/tmp/x"], "training rate"),
      (["--model", model, "--learn", "--rewards", "/nonexistent/r", "--save", "/tmp/x"],
       "cannot open"),
    ]
    for (arguments, message) in cases {
      let r = try runSpikeCam(["run", "--clip", Self.clip, "--frames", "2"] + arguments)
      #expect(r.status != 0, "\(arguments)")
      #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
    }
  }
}
