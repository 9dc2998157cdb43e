import Foundation
import Testing

@testable import SpikeCLI

/// Runs `spikecam` in process and returns (exit code, stdout, stderr).
func spikecam(_ words: [String]) -> (Int32, String, String) {
  let console = BufferConsole()
  let code = SpikeCam.main(words, console: console)
  return (code, console.stdout, console.stderr)
}

/// The package root (for the bundled models, sample clips and board profiles).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().path

/// train → calibrate → quantize → eval → run on a small generated split (4 classes, chance 25 %),
/// with a small front end (`config.json`) so it stays fast in a debug build.
@Suite(.serialized) struct EndToEndTests {
  static let config = #"""
    {"timesteps": 4, "patch": 16, "stride": 16, "per_column": 4, "width": 16, "hidden": 32,
     "stdp_clips": 4}
    """#

  @Test func trainQuantizeEvalRunOnAToySplit() throws {
    let data = try ToyDataset.write(trainPerClass: 8, testPerClass: 4)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let config = data + "/config.json"
    try Data(Self.config.utf8).write(to: URL(fileURLWithPath: config))
    let f = data + "/f.safetensors"
    let r = data + "/r.json"
    let q = data + "/q.safetensors"
    var (code, out, err) = spikecam([
      "train", "--data", data, "--out", f, "--config", config, "--epochs", "10", "--seed", "2",
    ])
    #expect(code == 0, "\(err)")
    #expect(err.contains("head 10/10"))
    #expect(FileManager.default.fileExists(atPath: f))
    (code, _, err) = spikecam(["calibrate", "--model", f, "--data", data, "--out", r])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam([
      "quantize", "--model", f, "--calibration", r, "--board",
      packageRoot + "/firmware-config/rpi-4.json", "--out", q,
    ])
    #expect(code == 0, "\(err)")
    #expect(err.contains("memory map on rpi-4"))
    // inspect verifies the checksum and loads every tensor.
    (code, out, _) = spikecam(["inspect", q, "--board", packageRoot + "/firmware-config/rpi-4.json"])
    #expect(code == 0)
    #expect(out.contains("crc32") && out.contains("verified") && out.contains("memory map on rpi-4"))
    // eval --json: the contract's fields, and well above chance (25 %) on the toy task.
    (code, out, err) = spikecam(["eval", "--model", q, "--float", f, "--data", data, "--json"])
    #expect(code == 0, "\(err)")
    let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
    for key in ["split", "clips", "accuracy", "float_accuracy", "agreement"] {
      #expect(object?[key] != nil, "eval --json lacks \(key)")
    }
    #expect(object?["split"] as? String == "test")
    #expect(object?["clips"] as? Int == 16)
    #expect((object?["float_accuracy"] as? Double ?? 0) >= 0.5)
    #expect((object?["accuracy"] as? Double ?? 0) >= 0.5)
    #expect((object?["agreement"] as? Double ?? 0) >= 0.75)
    // run: one JSON line per decision with every contract field.
    (code, out, err) = spikecam([
      "run", "--model", q, "--clip", packageRoot + "/calibration/sample-640x480.avi", "--json",
      "--frames", "40",
    ])
    #expect(code == 0, "\(err)")
    let lines = out.split(separator: "\n")
    #expect(lines.count == 40 - 16 + 1)
    for line in lines {
      let d = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      for key in ["t", "frame", "class", "label", "score", "fps", "dropped", "latency_ms"] {
        #expect(d?[key] != nil, "run --json lacks \(key)")
      }
    }
  }

  @Test func exitCodesFollowTheContract() throws {
    let data = try ToyDataset.write(trainPerClass: 1, testPerClass: 1)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let missing = data + "/nothing-here"
    #expect(spikecam(["train", "--data", missing, "--out", data + "/f.safetensors"]).0 == 66)
    #expect(spikecam(["train", "--data", data]).0 == 64)
    #expect(spikecam(["eval", "--model", missing, "--data", data]).0 == 66)
    // A truncated clips file is bad data.
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: data + "/train_clips.u8"))
    #expect(spikecam(["train", "--data", data, "--out", data + "/f.safetensors"]).0 == 65)
    // A file that is not a model is bad data.
    #expect(spikecam(["eval", "--model", data + "/meta.json", "--data", data]).0 == 65)
    #expect(spikecam(["run", "--model", missing]).0 == 64)
    #expect(
      spikecam(["record", "--device", missing, "--label", "w", "--out", data + "/r", "--split", "dev"]).0
        == 64)
    // A camera that is not there is an unavailable device, and nothing is written.
    let out = data + "/recorded"
    #expect(spikecam(["record", "--device", missing, "--label", "wave", "--out", out]).0 == 69)
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  /// The bundled int8 model against its float twin on the bundled sample (18 clips): at least
  /// 16 of 18 decisions agree, spike features within 10 % relative L2, and both models get at
  /// least 6 of each split's 9 clips right (chance: 1).
  @Test(arguments: ["train", "test"]) func bundledIntegerAgreesWithFloatOnTheSample(
    _ split: String
  ) throws {
    let q = packageRoot + "/calibration/gesture9-int8.safetensors"
    let f = packageRoot + "/calibration/gesture9-float.safetensors"
    try #require(FileManager.default.fileExists(atPath: q), "bundled model missing")
    let (code, out, err) = spikecam([
      "eval", "--model", q, "--float", f, "--data", packageRoot + "/calibration/gesture9-sample",
      "--split", split, "--json",
    ])
    #expect(code == 0, "\(err)")
    let d = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    #expect(d["clips"] as? Int == 9)
    #expect((d["agreement"] as? Double ?? 0) >= 8.0 / 9 - 1e-9)
    #expect((d["accuracy"] as? Double ?? 0) >= 6.0 / 9 - 1e-9)
    #expect((d["float_accuracy"] as? Double ?? 0) >= 6.0 / 9 - 1e-9)
    let layers = d["layers"] as? [[String: Any]] ?? []
    let features = layers.first { $0["name"] as? String == "spike features" }
    #expect((features?["relative_error"] as? Double ?? 1) < 0.10)
  }

  /// `eval` says where the disagreement comes from. The bundled int8 model and one quantized
  /// from ranges 64× too small share the front end, so the float head agrees with itself on
  /// their windows equally; only the broken head's own agreement falls.
  @Test func evalSplitsTheDisagreementBetweenHeadAndFrontEnd() throws {
    let q = packageRoot + "/calibration/gesture9-int8.safetensors"
    let f = packageRoot + "/calibration/gesture9-float.safetensors"
    try #require(FileManager.default.fileExists(atPath: q), "bundled model missing")
    let folder = NSTemporaryDirectory() + "spikecam-sources-" + UUID().uuidString.prefix(8)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // The bundled ranges with every bound 64× too small: the int8 activations saturate.
    let rangesData = try Data(
      contentsOf: URL(fileURLWithPath: packageRoot + "/calibration/gesture9-ranges.json"))
    var ranges = try #require(
      try JSONSerialization.jsonObject(with: rangesData) as? [String: Any])
    let bounds = try #require(ranges["ranges"] as? [String: [String: Double]])
    ranges["ranges"] = bounds.mapValues { range in
      range.merging(["bound": (range["bound"] ?? 1) / 64]) { $1 }
    }
    let broken = folder + "/broken-ranges.json"
    try JSONSerialization.data(withJSONObject: ranges).write(to: URL(fileURLWithPath: broken))
    let brokenModel = folder + "/broken-int8.safetensors"
    let quantize = spikecam([
      "quantize", "--model", f, "--calibration", broken, "--board",
      packageRoot + "/firmware-config/rpi-4.json", "--out", brokenModel,
    ])
    #expect(quantize.0 == 0, "\(quantize.2)")
    func sources(_ model: String) throws -> (all: Double, head: Double, frontEnd: Double) {
      let (code, out, err) = spikecam([
        "eval", "--model", model, "--float", f, "--data",
        packageRoot + "/calibration/gesture9-sample", "--split", "train", "--json",
      ])
      #expect(code == 0, "\(err)")
      let d = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
      return (
        try #require(d["agreement"] as? Double), try #require(d["agreement_head"] as? Double),
        try #require(d["agreement_front_end"] as? Double)
      )
    }
    let bundled = try sources(q)
    let saturated = try sources(brokenModel)
    #expect(bundled.frontEnd == saturated.frontEnd)
    #expect(bundled.frontEnd >= 8.0 / 9 - 1e-9)
    #expect(bundled.head >= 8.0 / 9 - 1e-9)
    #expect(saturated.head <= bundled.head - 3.0 / 9 + 1e-9, "\(saturated) against \(bundled)")
    #expect(saturated.all < bundled.all)
  }

  @Test func bundledModelsLoadAndRefuseASmallBoard() throws {
    let q = packageRoot + "/calibration/gesture9-int8.safetensors"
    try #require(FileManager.default.fileExists(atPath: q), "bundled model missing")
    let (code, out, err) = spikecam([
      "inspect", q, "--board", packageRoot + "/firmware-config/loihi-core.json",
    ])
    #expect(code == 65)
    #expect(out.isEmpty)
    #expect(err.contains("does not fit") && err.contains("memory map on loihi-core"))
    // It says what counts against the limit, what to change, and which boards it fits.
    #expect(err.contains("the spike input count (64×64 pixels × 4 channels) is 16384"))
    #expect(err.contains("to fit it, train with a smaller input (key `input`)"))
    let summary = err.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains("fit") }
    let fits = summary.filter { $0.contains(" fits: ") }.map { $0.split(separator: " ")[0] }
    #expect(fits == ["rpi-4", "rpi-5"])
    #expect(summary.filter { $0.contains("does not fit: ") }.count == 3)
  }
}
