import Foundation
import SpikeModel
import Testing

@testable import SpikeCLI

/// The paper's R-STDP head through the CLI: train --head rstdp → calibrate → quantize → eval →
/// run → inspect on a small generated split (4 classes, chance 25 %).
@Suite(.serialized) struct PopulationHeadCLITests {
  static let config = #"""
    {"timesteps": 4, "patch": 16, "stride": 16, "per_column": 4, "stdp_clips": 4, "per_class": 4}
    """#

  @Test func trainQuantizeEvalRunInspect() throws {
    let data = try ToyDataset.write(trainPerClass: 10, testPerClass: 5)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let config = data + "/config.json"
    try Data(Self.config.utf8).write(to: URL(fileURLWithPath: config))
    let f = data + "/f.safetensors"
    let r = data + "/r.json"
    let q = data + "/q.safetensors"
    let board = packageRoot + "/firmware-config/rpi-4.json"
    var (code, out, err) = spikecam([
      "train", "--data", data, "--out", f, "--config", config, "--head", "rstdp", "--epochs", "6",
      "--seed", "2",
    ])
    #expect(code == 0, "\(err)")
    #expect(err.contains("rstdp 6/6"))
    (code, _, err) = spikecam(["calibrate", "--model", f, "--data", data, "--out", r])
    #expect(code == 0, "\(err)")
    #expect(try String(contentsOfFile: r, encoding: .utf8).contains("\"head\" : \"rstdp\""))
    (code, _, err) = spikecam([
      "quantize", "--model", f, "--calibration", r, "--board", board, "--out", q,
    ])
    #expect(code == 0, "quantize: \(err)")
    #expect(err.contains("class populations weights") && err.contains("state shift"))
    // eval: float and integer side by side, well above chance (25 %) on 20 test clips.
    (code, out, err) = spikecam(["eval", "--model", q, "--float", f, "--data", data, "--json"])
    #expect(code == 0, "\(err)")
    let d = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    #expect(d["clips"] as? Int == 20)
    #expect((d["float_accuracy"] as? Double ?? 0) >= 0.5)
    #expect((d["accuracy"] as? Double ?? 0) >= 0.5)
    #expect((d["agreement"] as? Double ?? 0) >= 0.85)
    let layers = (d["layers"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    #expect(layers == ["spike features", "head population spikes"])
    (code, out, _) = spikecam(["eval", "--model", q, "--float", f, "--data", data])
    #expect(code == 0 && out.contains("confusion"))
    // run: one decision per frame once the window is full.
    (code, out, err) = spikecam([
      "run", "--model", q, "--clip", packageRoot + "/calibration/sample-640x480.avi", "--json",
      "--frames", "20",
    ])
    #expect(code == 0, "\(err)")
    #expect(out.split(separator: "\n").count == 20 - 16 + 1)
    // inspect names the head and maps its memory.
    (code, out, _) = spikecam(["inspect", q, "--board", board])
    #expect(code == 0)
    #expect(out.contains("head:        rstdp") && out.contains("class populations weights"))
    (code, out, _) = spikecam(["inspect", f, "--json"])
    let i = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    #expect(i["head"] as? String == "rstdp" && i["kind"] as? String == "float")
    // The float model is refused by run, the attention ranges file by quantize.
    #expect(spikecam(["run", "--model", f, "--clip", data + "/x.avi"]).0 == 65)
    try Data("{}".utf8).write(to: URL(fileURLWithPath: r))
    #expect(
      spikecam(["quantize", "--model", f, "--calibration", r, "--board", board, "--out", q]).0 == 65
    )
  }

  /// The bundled R-STDP models (Gesture-9, 3,600 training clips) on the bundled 18-clip sample:
  /// int8 and float agree on at least 8 of each split's 9 clips, both get at least 2 right
  /// (twice chance; the head scores 43.9 % on the 900 test clips), spike features within 10 %
  /// relative L2.
  @Test(arguments: ["train", "test"]) func bundledModelsAgreeOnTheSample(_ split: String) throws {
    let q = packageRoot + "/calibration/gesture9-rstdp-int8.safetensors"
    let f = packageRoot + "/calibration/gesture9-rstdp-float.safetensors"
    try #require(FileManager.default.fileExists(atPath: q), "bundled R-STDP model missing")
    let (code, out, err) = spikecam([
      "eval", "--model", q, "--float", f, "--data", packageRoot + "/calibration/gesture9-sample",
      "--split", split, "--json",
    ])
    #expect(code == 0, "\(err)")
    let d = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    #expect(d["head"] as? String == "rstdp")
    #expect(d["clips"] as? Int == 9)
    #expect((d["agreement"] as? Double ?? 0) >= 8.0 / 9 - 1e-9)
    #expect((d["accuracy"] as? Double ?? 0) >= 2.0 / 9 - 1e-9)
    #expect((d["float_accuracy"] as? Double ?? 0) >= 2.0 / 9 - 1e-9)
    let layers = d["layers"] as? [[String: Any]] ?? []
    let features = layers.first { $0["name"] as? String == "spike features" }
    #expect((features?["relative_error"] as? Double ?? 1) < 0.10)
  }

  /// `--checkpoint DIR` leaves a checkpoint; `--resume` continues it to the same model file
  /// bytes; `--front-end` gives another head the same front end.
  @Test func checkpointAndResume() throws {
    let data = try ToyDataset.write(trainPerClass: 3, testPerClass: 1)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let config = data + "/config.json"
    try Data(Self.config.utf8).write(to: URL(fileURLWithPath: config))
    let base = ["train", "--data", data, "--config", config, "--head", "rstdp", "--epochs", "3"]
    #expect(spikecam(base + ["--out", data + "/a.safetensors"]).0 == 0)
    let (code, _, err) = spikecam(
      base + ["--out", data + "/b.safetensors", "--checkpoint", data + "/ck"])
    #expect(code == 0, "\(err)")
    #expect(FileManager.default.fileExists(atPath: data + "/ck/rstdp-checkpoint.safetensors"))
    // Resuming a finished run replays nothing and writes the same model.
    #expect(
      spikecam(base + ["--out", data + "/c.safetensors", "--checkpoint", data + "/ck", "--resume"])
        .0
        == 0)
    let a = try Data(contentsOf: URL(fileURLWithPath: data + "/a.safetensors"))
    #expect(a == (try Data(contentsOf: URL(fileURLWithPath: data + "/b.safetensors"))))
    #expect(a == (try Data(contentsOf: URL(fileURLWithPath: data + "/c.safetensors"))))
    #expect(spikecam(base + ["--out", data + "/d.safetensors", "--resume"]).0 == 64)
    // Any head trains on another model's front end, kept as it is (no STDP stage).
    let e = data + "/e.safetensors"
    let (trained, _, log) = spikecam([
      "train", "--data", data, "--out", e, "--front-end", data + "/a.safetensors", "--epochs", "1",
    ])
    #expect(trained == 0, "\(log)")
    #expect(!log.contains("stdp 1/"), "a given front end must not be trained again")
    let source = try SafetensorsFile.read(path: data + "/a.safetensors")
    let reused = try SafetensorsFile.read(path: e)
    #expect(reused.metadata["head"] == "attention")
    for name in ["snn.weight", "snn.theta"] {
      let shape = try #require(source.tensors.first { $0.name == name }).shape
      #expect(try reused.floats(name, shape: shape) == source.floats(name, shape: shape))
    }
  }
}
