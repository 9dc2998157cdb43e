import Foundation
import SpikeTestSupport

/// A small float model trained once per test run on the toy motion clips (train, val and test
/// splits; a front end small enough for a debug build), shared by the interop tests.
enum ToyModel {
  struct Trained {
    /// The data set folder (raw layout: train, val, test).
    var data: String
    /// The float model.
    var model: String
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static let config = #"""
    {"timesteps": 4, "patch": 16, "stride": 16, "per_column": 4, "width": 16, "hidden": 32,
     "stdp_clips": 4}
    """#

  /// Trained on first use; the same files for every test.
  static let trained: Result<Trained, Failure> = {
    do {
      let data = try ToyDataset.write(trainPerClass: 8, testPerClass: 4)
      let (pixels, labels) = ToyDataset.make(perClass: 3, seed: 13)
      try Data(pixels).write(to: URL(fileURLWithPath: data + "/val_clips.u8"))
      try Data(labels).write(to: URL(fileURLWithPath: data + "/val_labels.u8"))
      try Data(config.utf8).write(to: URL(fileURLWithPath: data + "/config.json"))
      let model = data + "/toy-float.safetensors"
      let (code, _, err) = spikecam([
        "train", "--data", data, "--out", model, "--config", data + "/config.json", "--epochs",
        "10", "--seed", "2",
      ])
      guard code == 0 else { return .failure(Failure(description: "train failed: \(err)")) }
      return .success(Trained(data: data, model: model))
    } catch {
      return .failure(Failure(description: "\(error)"))
    }
  }()

  /// The shared model, or the reason it could not be trained.
  static func get() throws -> Trained { try trained.get() }

  /// A new empty folder under the toy data set for one test's files.
  static func scratch(_ name: String) throws -> String {
    let folder = try get().data + "/" + name + "-" + UUID().uuidString.prefix(8)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }
}
