import Foundation
import Testing

@testable import SpikeCLI

/// `train --checkpoint DIR` and `--resume` with the attention head.
@Suite(.serialized) struct TrainCheckpointCLITests {
  static let config = #"""
    {"timesteps": 4, "patch": 16, "stride": 16, "per_column": 4, "width": 16, "hidden": 32,
     "stdp_clips": 4, "batch_size": 8}
    """#

  /// A checkpointed run writes the same model bytes as a plain one, resuming the finished run
  /// writes them again, and a truncated checkpoint or other options are refused with a message
  /// saying what to do.
  @Test func checkpointResumeAndDamage() throws {
    let data = try ToyDataset.write(trainPerClass: 3, testPerClass: 1)
    defer { try? FileManager.default.removeItem(atPath: data) }
    let config = data + "/config.json"
    try Data(Self.config.utf8).write(to: URL(fileURLWithPath: config))
    let base = ["train", "--data", data, "--config", config, "--epochs", "2"]
    let ck = ["--checkpoint", data + "/ck"]
    var (code, _, err) = spikecam(base + ["--out", data + "/a.safetensors"])
    #expect(code == 0, "\(err)")
    (code, _, err) = spikecam(base + ["--out", data + "/b.safetensors"] + ck)
    #expect(code == 0, "\(err)")
    let file = data + "/ck/attention-checkpoint.safetensors"
    #expect(FileManager.default.fileExists(atPath: file))
    (code, _, err) = spikecam(base + ["--out", data + "/c.safetensors", "--resume"] + ck)
    #expect(code == 0, "\(err)")
    #expect(!err.contains("head 1/2"), "a finished run replays no epoch")
    let a = try Data(contentsOf: URL(fileURLWithPath: data + "/a.safetensors"))
    #expect(a == (try Data(contentsOf: URL(fileURLWithPath: data + "/b.safetensors"))))
    #expect(a == (try Data(contentsOf: URL(fileURLWithPath: data + "/c.safetensors"))))
    // Other options: refused, naming the cause.
    (code, _, err) = spikecam(
      ["train", "--data", data, "--config", config, "--epochs", "3", "--out", data + "/d",
       "--resume"] + ck)
    #expect(code == 65 && err.contains("belongs to another run"), "\(err)")
    // A truncated checkpoint: refused, naming the file.
    let good = try Data(contentsOf: URL(fileURLWithPath: file))
    try good.prefix(good.count - 100).write(to: URL(fileURLWithPath: file))
    (code, _, err) = spikecam(base + ["--out", data + "/e.safetensors", "--resume"] + ck)
    #expect(code == 65 && err.contains(file) && err.contains("checkpoint"), "\(err)")
    #expect(!FileManager.default.fileExists(atPath: data + "/e.safetensors"))
    #expect(spikecam(base + ["--out", data + "/f.safetensors", "--resume"]).0 == 64)
  }
}
