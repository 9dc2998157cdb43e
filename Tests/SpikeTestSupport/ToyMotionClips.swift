/// A learnable toy data set shared by the model and CLI tests: a bright 12×12 square moving 3 px
/// per frame left, right, up or down (classes 0–3) over a fixed textured background with small
/// per-frame noise; 16 frames of 64×64. Deterministic for a seed.
public enum ToyMotionClips {
  /// Class names in label order.
  public static let names = ["left", "right", "up", "down"]
  /// Frames per clip.
  public static let framesPerClip = 16
  /// Bytes per 64×64 frame.
  public static let frameBytes = 4096

  /// `perClass` clips of each class, interleaved (label = clip index mod 4).
  public static func make(perClass: Int, seed: UInt32) -> (pixels: [UInt8], labels: [Int]) {
    var state = seed | 1
    func next() -> UInt32 {
      state ^= state << 13
      state ^= state >> 17
      state ^= state << 5
      return state
    }
    var background = [UInt8](repeating: 0, count: frameBytes)
    for i in background.indices { background[i] = UInt8(80 + next() % 40) }
    var pixels: [UInt8] = []
    var labels: [Int] = []
    for n in 0..<(perClass * 4) {
      let label = n % 4
      let (dx, dy) = [(-3, 0), (3, 0), (0, -3), (0, 3)][label]
      var x = dx < 0 ? 44 + Int(next() % 6) : (dx > 0 ? 8 + Int(next() % 6) : 16 + Int(next() % 30))
      var y = dy < 0 ? 44 + Int(next() % 6) : (dy > 0 ? 8 + Int(next() % 6) : 16 + Int(next() % 30))
      for _ in 0..<framesPerClip {
        for p in 0..<frameBytes {
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
    return (pixels, labels)
  }
}
