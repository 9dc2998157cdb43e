import Foundation
import Testing

@testable import SpikeCLI

/// `train --pan-search N` and the config key `pan_search` reach the model file's pipeline, which
/// `inspect` shows and `eval` runs; out-of-range values are refused.
@Suite(.serialized) struct PanSearchCLITests {
  @Test func panSearchIsStoredShownAndRefusedOutOfRange() throws {
    let data = try ToyDataset.write(trainPerClass: 2, testPerClass: 1)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let config = data + "/config.json"
    try Data(
      #"{"timesteps": 4, "patch": 16, "stride": 16, "per_column": 4, "width": 16, "hidden": 16, "stdp_clips": 2, "pan_search": 2}"#
        .utf8
    ).write(to: URL(fileURLWithPath: config))
    let base = ["train", "--data", data, "--config", config, "--epochs", "1"]
    var (code, out, err) = spikecam(base + ["--out", data + "/k.safetensors"])
    #expect(code == 0, "\(err)")
    (code, out, err) = spikecam(["inspect", data + "/k.safetensors"])
    #expect(code == 0 && out.contains(#""panSearch":2"#), "\(out)\(err)")
    (code, out, err) = spikecam(base + ["--out", data + "/f.safetensors", "--pan-search", "3"])
    #expect(code == 0, "\(err)")
    (code, out, err) = spikecam(["inspect", data + "/f.safetensors"])
    #expect(code == 0 && out.contains(#""panSearch":3"#), "\(out)\(err)")
    (code, _, err) = spikecam(["eval", "--model", data + "/f.safetensors", "--data", data, "--split", "test"])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam(base + ["--out", data + "/g.safetensors", "--pan-search", "17"])
    #expect(code == 64 && err.contains("--pan-search"), "\(err)")
    (code, out, _) = spikecam(base + ["--out", data + "/h.safetensors", "--pan-search", "0"])
    (code, out, err) = spikecam(["inspect", data + "/h.safetensors"])
    #expect(code == 0 && out.contains("pipeline:") && !out.contains("panSearch"), "\(out)\(err)")
  }
}
