import Foundation
import SpikeModel
import Testing

/// `calibrate --activation-bits 12` → `quantize` → `eval` and `run` on the bundled float model:
/// the ranges carry the width, the model says it (format 3), a board that runs only int8
/// activations refuses it, and the 12-bit head follows the float head at least as closely as
/// the bundled int8 one on the sample.
@Suite(.serialized) struct ActivationBitsCLITests {
  static let float = packageRoot + "/calibration/gesture9-float.safetensors"
  static let sample = packageRoot + "/calibration/gesture9-sample"
  static let board = packageRoot + "/firmware-config/rpi-4.json"

  @Test func twelveBitModelFromCalibrateToRun() throws {
    let folder = NSTemporaryDirectory() + "spikecam-a12-" + UUID().uuidString.prefix(8)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let ranges = folder + "/ranges.json"
    var (code, out, err) = spikecam([
      "calibrate", "--model", Self.float, "--data", Self.sample, "--split", "train",
      "--activation-bits", "12", "--out", ranges,
    ])
    #expect(code == 0, "\(err)")
    let written = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: ranges))) as? [String: Any]
    #expect(written?["activationBits"] as? Int == 12)

    let model = folder + "/a12.safetensors"
    (code, _, err) = spikecam([
      "quantize", "--model", Self.float, "--calibration", ranges, "--board", Self.board,
      "--out", model,
    ])
    #expect(code == 0, "\(err)")
    #expect(err.contains("attention activations: 12-bit"), "\(err)")
    let file = try SafetensorsFile.read(path: model)
    #expect(file.metadata["format_version"] == "3")
    #expect(file.metadata["activation_bits"] == "12")

    // A board profile whose attention activations are int8 refuses the model, and says how.
    let profile = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: Self.board))) as? [String: Any]
    var narrow = try #require(profile)
    var bits = try #require(narrow["bits"] as? [String: Any])
    bits["activation"] = 8
    narrow["bits"] = bits
    narrow["name"] = "int8-only"
    let narrowBoard = folder + "/int8-only.json"
    try JSONSerialization.data(withJSONObject: narrow).write(to: URL(fileURLWithPath: narrowBoard))
    (code, _, err) = spikecam([
      "quantize", "--model", Self.float, "--calibration", ranges, "--board", narrowBoard,
      "--out", folder + "/refused.safetensors",
    ])
    #expect(code == 65)
    #expect(err.contains("bits.activation") && err.contains("--activation-bits 8"), "\(err)")
    #expect(!FileManager.default.fileExists(atPath: folder + "/refused.safetensors"))

    func agreement(_ model: String) throws -> Double {
      let (code, out, err) = spikecam([
        "eval", "--model", model, "--float", Self.float, "--data", Self.sample, "--split", "test",
        "--json",
      ])
      #expect(code == 0, "\(err)")
      let d = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
      return try #require(d?["agreement_head"] as? Double)
    }
    let wide = try agreement(model)
    let bundled = try agreement(packageRoot + "/calibration/gesture9-int8.safetensors")
    #expect(wide >= bundled, "12-bit head agreement \(wide), bundled int8 \(bundled)")

    (code, out, err) = spikecam([
      "run", "--model", model, "--clip", packageRoot + "/calibration/sample-640x480.avi",
      "--json", "--frames", "40",
    ])
    #expect(code == 0, "\(err)")
    // A decision per frame once K = 15 feature frames (16 frames: differences) are in.
    #expect(out.split(separator: "\n").count == 40 - 16 + 1)
  }

  @Test func widthsAndMethodsThatDoNotGoTogetherAreRefused() {
    let out = NSTemporaryDirectory() + "spikecam-never-" + UUID().uuidString.prefix(8) + ".json"
    for (extra, message) in [
      (["--activation-bits", "10"], "takes 8 or 12"),
      (["--activation-bits", "12", "--method", "mse"], "minmax or percentile"),
      (["--activation-bits", "12", "--method", "fidelity"], "minmax or percentile"),
    ] {
      let (code, _, err) = spikecam(
        ["calibrate", "--model", Self.float, "--data", Self.sample, "--out", out] + extra)
      #expect(code == 64, "\(extra): \(err)")
      #expect(err.contains(message), "\(extra): \(err)")
      #expect(!FileManager.default.fileExists(atPath: out))
    }
  }
}
