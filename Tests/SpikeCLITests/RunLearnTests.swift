import Foundation
import SpikeModel
import Testing

/// `spikecam run --learn`: the adapted model is saved atomically, loads with its checksum and
/// its on-device record, is the same bytes for the same input, and is complete after SIGINT.
@Suite struct RunLearnTests {
  static let model = packageRoot + "/calibration/gesture9-int8.safetensors"
  static let clip = packageRoot + "/calibration/sample-640x480.avi"

  static func folder() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-runlearn-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func learnedModelIsDeterministicAndLoads() throws {
    try #require(FileManager.default.fileExists(atPath: Self.model), "bundled model missing")
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    var images: [Data] = []
    for run in 0..<2 {
      let out = dir.appendingPathComponent("adapted\(run).safetensors").path
      let result = try runSpikeCam([
        "run", "--model", Self.model, "--clip", Self.clip, "--frames", "40", "--json", "--learn",
        "--learn-rate", "1", "--save", out, "--save-every", "15",
      ])
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stderr.contains("learned from 40 of 40 frames"), "\(result.stderr)")
      images.append(try Data(contentsOf: URL(fileURLWithPath: out)))
    }
    #expect(images[0] == images[1])
    let path = dir.appendingPathComponent("adapted0.safetensors").path
    typealias Model = QuantizedClassifierModel<AttentionClassifierHead>
    guard case .int8(let a) = try ClassifierModelFile.read(path: path),
      case .int8(let o) = try ClassifierModelFile.read(path: Self.model),
      let adapted = a as? Model, let original = o as? Model
    else {
      Issue.record("not int8 attention models")
      return
    }
    let adaptation = try #require(adapted.adaptation)
    #expect(adaptation.framesLearned == 40 && adaptation.rateShift == 0 && adaptation.every == 1)
    #expect(adapted.frontEnd.weights != original.frontEnd.weights)
    #expect(
      adapted.frontEnd.theta != original.frontEnd.theta
        && adapted.frontEnd.pipeline == original.frontEnd.pipeline)
    #expect(adapted.head.parameters.head.weights == original.head.parameters.head.weights)
    let inspect = try runSpikeCam(["inspect", path])
    #expect(inspect.status == 0, "\(inspect.stderr)")
    #expect(inspect.stdout.contains("adapted:") && inspect.stdout.contains("\"framesLearned\":40"))
    // Only the two models: no temporary file left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 2)
  }

  @Test func interruptedRunLeavesACompleteModel() throws {
    try #require(FileManager.default.fileExists(atPath: Self.model), "bundled model missing")
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("adapted.safetensors").path
    let run = try RunningSpikeCam([
      "run", "--model", Self.model, "--clip", Self.clip, "--loop", "--realtime", "--json",
      "--learn", "--save", out, "--save-every", "5",
    ])
    let (process, stdout, stderr) = (run.process, run.stdout, run.stderr)
    _ = run.firstLine()
    kill(process.processIdentifier, SIGINT)
    let stopBy = Date().addingTimeInterval(10)
    while process.isRunning && Date() < stopBy { usleep(20_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    _ = stdout.fileHandleForReading.readDataToEndOfFile()
    let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(message)")
    #expect(message.contains("stopped by signal") && message.contains("model saved to"))
    guard case .int8(let a) = try ClassifierModelFile.read(path: out),
      let adapted = a as? QuantizedClassifierModel<AttentionClassifierHead>
    else {
      Issue.record("not an int8 attention model")
      return
    }
    #expect((adapted.adaptation?.framesLearned ?? 0) >= 16)
  }

  @Test func learningOptionsAreChecked() throws {
    let base = ["run", "--model", Self.model, "--clip", Self.clip, "--frames", "2"]
    let noSave = try runSpikeCam(base + ["--learn"])
    #expect(noSave.status == 64 && noSave.stderr.contains("--save"))
    let badRate = try runSpikeCam(base + ["--learn", "--save", "/tmp/x", "--learn-rate", "0.3"])
    #expect(badRate.status == 64 && badRate.stderr.contains("power of two"))
    let orphan = try runSpikeCam(base + ["--save", "/tmp/x"])
    #expect(orphan.status == 64 && orphan.stderr.contains("goes with --learn"))
  }
}
