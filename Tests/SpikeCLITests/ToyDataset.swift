import Foundation
import SpikeTestSupport

/// The shared toy motion clips (SpikeTestSupport) as raw bytes for a data set on disk.
enum ToyDataset {
  static func make(perClass: Int, seed: UInt32) -> (pixels: [UInt8], labels: [UInt8]) {
    let (pixels, labels) = ToyMotionClips.make(perClass: perClass, seed: seed)
    return (pixels, labels.map { UInt8($0) })
  }
}

extension ToyDataset {
  /// Writes a raw-layout data set (train and test splits, meta.json) into a new temp folder.
  static func write(trainPerClass: Int, testPerClass: Int) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-toy-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (split, n, seed) in [("train", trainPerClass, UInt32(5)), ("test", testPerClass, 9)] {
      let (pixels, labels) = make(perClass: n, seed: seed)
      try Data(pixels).write(to: dir.appendingPathComponent("\(split)_clips.u8"))
      try Data(labels).write(to: dir.appendingPathComponent("\(split)_labels.u8"))
    }
    let meta = #"{"T": 16, "H": 64, "W": 64, "classes": ["left", "right", "up", "down"]}"#
    try Data(meta.utf8).write(to: dir.appendingPathComponent("meta.json"))
    return dir.path
  }
}
