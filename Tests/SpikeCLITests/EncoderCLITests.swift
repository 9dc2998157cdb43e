import Foundation
import Testing

@testable import SpikeCLI

/// `train --encoder` and the config key `encoder`: the model file stores the encoder, `inspect`
/// shows it, calibrate, quantize, eval and run work from the file alone; unknown names and pan search
/// with an intensity encoder are refused.
@Suite(.serialized) struct EncoderCLITests {
  @Test func trainQuantizeEvalWithARateEncoder() throws {
    let data = try ToyDataset.write(trainPerClass: 8, testPerClass: 4)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let config = data + "/config.json"
    try Data(EndToEndTests.config.utf8).write(to: URL(fileURLWithPath: config))
    let (f, r, q) = (data + "/f.safetensors", data + "/r.json", data + "/q.safetensors")
    var (code, out, err) = spikecam([
      "train", "--data", data, "--out", f, "--config", config, "--epochs", "10", "--seed", "2",
      "--encoder", "rate",
    ])
    #expect(code == 0, "\(err)")
    (code, out, err) = spikecam(["inspect", f])
    #expect(code == 0 && out.contains(#""encoder":"rate""#), "\(out)\(err)")
    (code, _, err) = spikecam(["calibrate", "--model", f, "--data", data, "--out", r])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam([
      "quantize", "--model", f, "--calibration", r, "--board",
      packageRoot + "/firmware-config/rpi-4.json", "--out", q,
    ])
    #expect(code == 0, "\(err)")
    (code, out, err) = spikecam(["inspect", q])
    #expect(code == 0 && out.contains(#""encoder":"rate""#), "\(out)\(err)")
    (code, out, err) = spikecam(["eval", "--model", q, "--float", f, "--data", data, "--json"])
    #expect(code == 0, "\(err)")
    let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
    #expect(object?["clips"] as? Int == 16)
    // Chance is 25 %: the rate-coded pooled counts follow the bright object from frame to frame.
    #expect((object?["float_accuracy"] as? Double ?? 0) >= 0.5, "\(out)")
    #expect((object?["agreement"] as? Double ?? 0) >= 0.75, "\(out)")
    (code, out, err) = spikecam([
      "run", "--model", q, "--clip", packageRoot + "/calibration/sample-640x480.avi", "--json",
      "--frames", "20",
    ])
    #expect(code == 0, "\(err)")
    #expect(out.split(separator: "\n").count == 20 - 16 + 1, "\(out)")
  }

  @Test func configKeyUnknownNamesAndPanSearchWithTTFS() throws {
    let data = try ToyDataset.write(trainPerClass: 2, testPerClass: 1)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let config = data + "/config.json"
    try Data(
      #"{"timesteps": 4, "patch": 16, "stride": 16, "per_column": 4, "width": 16, "hidden": 16, "stdp_clips": 2, "encoder": "ttfs"}"#
        .utf8
    ).write(to: URL(fileURLWithPath: config))
    let base = ["train", "--data", data, "--config", config, "--epochs", "1"]
    var (code, out, err) = spikecam(base + ["--out", data + "/k.safetensors"])
    #expect(code == 0, "\(err)")
    (code, out, err) = spikecam(["inspect", data + "/k.safetensors"])
    #expect(code == 0 && out.contains(#""encoder":"ttfs""#), "\(out)\(err)")
    (code, _, err) = spikecam(["eval", "--model", data + "/k.safetensors", "--data", data])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam(base + ["--out", data + "/b.safetensors", "--encoder", "sparkle"])
    #expect(code == 64 && err.contains("--encoder") && err.contains("gaussian"), "\(err)")
    (code, _, err) = spikecam(base + ["--out", data + "/p.safetensors", "--pan-search", "2"])
    #expect(code != 0 && err.contains("panSearch"), "\(err)")
    #expect(!FileManager.default.fileExists(atPath: data + "/p.safetensors"))
  }

  @Test func rstdpHeadTakesTheEncoderAndKeepsAFrontEndsOwn() throws {
    let data = try ToyDataset.write(trainPerClass: 2, testPerClass: 1)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let config = data + "/config.json"
    try Data(PopulationHeadCLITests.config.utf8).write(to: URL(fileURLWithPath: config))
    let base = ["train", "--data", data, "--config", config, "--head", "rstdp", "--epochs", "1"]
    let f = data + "/p.safetensors"
    var (code, out, err) = spikecam(base + ["--out", f, "--encoder", "poisson"])
    #expect(code == 0, "\(err)")
    (code, out, err) = spikecam(["inspect", f])
    #expect(code == 0 && out.contains(#""encoder":"poisson""#), "\(out)\(err)")
    (code, _, err) = spikecam(["eval", "--model", f, "--data", data])
    #expect(code == 0, "\(err)")
    // A trained front end fixes the encoder: the same one is accepted, another refused.
    (code, _, err) = spikecam(
      base + ["--out", data + "/s.safetensors", "--front-end", f, "--encoder", "poisson"])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam(
      base + ["--out", data + "/t.safetensors", "--front-end", f, "--encoder", "ttfs"])
    #expect(code == 64 && err.contains("front end"), "\(err)")
  }
}
