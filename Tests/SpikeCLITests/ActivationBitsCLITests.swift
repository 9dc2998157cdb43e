import Foundation
import SpikeModel
import Testing

/// `calibrate --activation-bits 12` → `quantize` → `eval` and `run` on the bundled float model:
/// the ranges carry the width, the model says it (format 3), a board that runs only int8
/// activations refuses it, and the 12-bit head follows the float head at least as closely as
/// an int8 quantization of the same model on the sample.
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
    (code, out, _) = spikecam(["inspect", model])
    #expect(code == 0)
    #expect(out.contains("int8 (12-bit activations), format version 3"), "\(out)")

    // Signing keeps format 3 (raising it to 2 would let a build without 12-bit activations
    // read the file and clamp them to int8).
    (code, _, err) = spikecam(["keygen", "--out", folder + "/k"])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam([
      "sign", "--key", folder + "/k.key", "--model", model, "--out", folder + "/signed.safetensors",
    ])
    #expect(code == 0, "\(err)")
    let signed = try SafetensorsFile.read(path: folder + "/signed.safetensors")
    #expect(signed.metadata["format_version"] == "3")
    #expect(signed.metadata["signed_by"] != nil)

    // A board profile whose attention activations are int8 refuses the model, and says how.
    let profile = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: Self.board))) as? [String: Any]
    var int8Only = try #require(profile)
    var bits = try #require(int8Only["bits"] as? [String: Any])
    bits["activation"] = 8
    int8Only["bits"] = bits
    int8Only["name"] = "int8-only"
    let narrowBoard = folder + "/int8-only.json"
    try JSONSerialization.data(withJSONObject: int8Only).write(to: URL(fileURLWithPath: narrowBoard))
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
    let int8Ranges = folder + "/int8-ranges.json"
    let int8Model = folder + "/int8.safetensors"
    (code, _, err) = spikecam([
      "calibrate", "--model", Self.float, "--data", Self.sample, "--split", "train", "--out",
      int8Ranges,
    ])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam([
      "quantize", "--model", Self.float, "--calibration", int8Ranges, "--board", Self.board,
      "--out", int8Model,
    ])
    #expect(code == 0, "\(err)")
    #expect(try SafetensorsFile.read(path: int8Model).metadata["format_version"] == "2")
    let wide = try agreement(model)
    let narrow = try agreement(int8Model)
    #expect(wide >= narrow, "12-bit head agreement \(wide), int8 \(narrow)")

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
