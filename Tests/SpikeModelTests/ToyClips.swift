import SpikeModel

/// A learnable toy data set: a bright 12×12 square moving 3 px per frame left, right, up or down
/// (classes 0–3) over a fixed textured background with small per-frame noise; 16 frames of
/// 64×64. Deterministic for a seed.
enum ToyClips {
  static let names = ["left", "right", "up", "down"]

  static func make(perClass: Int, seed: UInt32) -> ClipSet {
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
    var labels: [Int] = []
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
      labels.append(label)
    }
    return ClipSet(
      pixels: pixels, labels: labels, framesPerClip: 16, frameBytes: 4096, classNames: names)
  }
}
