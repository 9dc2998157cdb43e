import Foundation

/// A learnable toy data set: a bright 12×12 square moving 3 px per frame left, right, up or down
/// (classes 0–3) over a fixed textured background with small per-frame noise; 16 frames of
/// 64×64. Deterministic for a seed.
enum ToyDataset {
  static let names = ["left", "right", "up", "down"]

  static func make(perClass: Int, seed: UInt32) -> (pixels: [UInt8], labels: [UInt8]) {
    var state = seed | 1
    func next() -> UInt32 {
      state ^= state << 13
      state ^= state >> 17
      state ^= state << 5
      return state
    }
    var background = [UInt8](repeating: 0, count: 4096)
    for i in background.indices { background[i] = UInt8(80 + next() % 40) }
    var pixels: [UInt8] = []
    var labels: [UInt8] = []
    for n in 0..<(perClass * 4) {
      let label = n % 4
      let (dx, dy) = [(-3, 0), (3, 0), (0, -3), (0, 3)][label]
      var x = dx < 0 ? 44 + Int(next() % 6) : (dx > 0 ? 8 + Int(next() % 6) : 16 + Int(next() % 30))
      var y = dy < 0 ? 44 + Int(next() % 6) : (dy > 0 ? 8 + Int(next() % 6) : 16 + Int(next() % 30))
      for _ in 0..<16 {
        for p in 0..<4096 {
          let px = p % 64
          let py = p / 64
          let inside = px >= x && px < x + 12 && py >= y && py < y + 12
          let noise = Int(next() % 7) - 3
          pixels.append(inside ? 220 : UInt8(Int(background[p]) + noise))
        }
        x += dx
        y += dy
      }
      labels.append(UInt8(label))
    }
    return (pixels, labels)
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
