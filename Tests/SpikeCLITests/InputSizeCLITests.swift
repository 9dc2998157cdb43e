import Foundation
import SpikeCore
import Testing

@testable import SpikeCLI

/// The training config key `input`: a model with a coarser retina trains, calibrates, quantizes
/// and evaluates on a data set of larger frames (area-downscaled as the readers load them), and
/// `run` plays a clip folder of those larger frames into the same decisions.
@Suite(.serialized) struct InputSizeCLITests {
  static let config = #"""
    {"input": {"width": 16, "height": 16}, "timesteps": 4, "patch": 4, "stride": 4,
     "per_column": 4, "width": 16, "hidden": 32, "stdp_clips": 4}
    """#

  @Test func aSmallerInputTrainsOnDownscaledFramesAndRunPlaysClipsAlike() throws {
    let data = try ToyDataset.write(trainPerClass: 6, testPerClass: 2)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let config = data + "/config.json"
    try Data(Self.config.utf8).write(to: URL(fileURLWithPath: config))
    let (f, r, q) = (data + "/f.safetensors", data + "/r.json", data + "/q.safetensors")
    var (code, out, err) = spikecam([
      "train", "--data", data, "--out", f, "--config", config, "--epochs", "3",
    ])
    #expect(code == 0, "\(err)")
    (code, out, err) = spikecam(["inspect", f])
    #expect(code == 0 && out.contains(#""height":16"#), "\(out)\(err)")
    (code, _, err) = spikecam(["calibrate", "--model", f, "--data", data, "--out", r])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam([
      "quantize", "--model", f, "--calibration", r, "--board",
      packageRoot + "/firmware-config/loihi-core.json", "--out", q,
    ])
    // 16×16 pixels × 4 channels = 1024 spike inputs: every board but xylo (16 inputs).
    #expect(code == 0, "\(err)")
    #expect(err.contains("rpi-zero-2w  fits") && err.contains("xylo         does not fit"), "\(err)")
    (code, out, err) = spikecam(["eval", "--model", q, "--data", data, "--json"])
    #expect(code == 0, "\(err)")
    let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
    #expect(object?["clips"] as? Int == 8)

    // What eval decided on each test clip, from frames the reader downscaled …
    let model = try ModelSupport.model(q)
    let clips = try ModelSupport.clips(data, split: "test", for: model.pipeline)
    #expect(clips.frameBytes == 16 * 16)
    var classifier = try ClipClassifier(model)
    // … is what run decides on the clip's 64×64 frames as a PGM folder.
    let raw = try Data(contentsOf: URL(fileURLWithPath: data + "/test_clips.u8"))
    for c in 0..<clips.clipCount {
      let folder = data + "/clip\(c)"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      for frame in 0..<16 {
        let start = (c * 16 + frame) * 4096
        var pgm = Data("P5\n64 64\n255\n".utf8)
        pgm.append(raw[start..<start + 4096])
        try pgm.write(to: URL(fileURLWithPath: folder + "/frame_\(String(frame + 100)).pgm"))
      }
      (code, out, err) = spikecam(["run", "--model", q, "--clip", folder, "--json"])
      #expect(code == 0, "\(err)")
      #expect(out.contains("\"class\":\(classifier.classify(clips, c)),"), "clip \(c): \(out)")
    }
  }
}
