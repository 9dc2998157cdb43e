import SpikeCore
import SpikeReference

/// A seeded temporal task with count-like features: a blob of spikes moves over a G×G grid of
/// cells for K frames; the class is its direction (0 still, 1 left, 2 right, 3 up, 4 down).
/// Left/right and up/down are time reversals of each other, so frame order matters.
struct SyntheticMotion {
  static let classes = 5
  let grid: Int
  let tokens: Int
  var features: Int { grid * grid }

  /// `count` windows `[K][G·G]` of small integer counts, with labels.
  func make(count: Int, seed: UInt64) -> (windows: [[Float]], labels: [Int]) {
    var rng = SplitMix64(seed: seed)
    var windows: [[Float]] = []
    var labels: [Int] = []
    let g = Float(grid)
    for n in 0..<count {
      let label = n % Self.classes
      var x = rng.uniform(0, g - 1)
      var y = rng.uniform(0, g - 1)
      let speed = rng.uniform(0.6, 1.2) * g / Float(tokens)
      var (dx, dy): (Float, Float) = (0, 0)
      switch label {
      case 1:
        dx = -speed
        x = rng.uniform(g * 0.6, g - 0.5)
      case 2:
        dx = speed
        x = rng.uniform(0, g * 0.4)
      case 3:
        dy = -speed
        y = rng.uniform(g * 0.6, g - 0.5)
      case 4:
        dy = speed
        y = rng.uniform(0, g * 0.4)
      default: break
      }
      let amplitude = rng.uniform(4, 9)
      var window = [Float](repeating: 0, count: tokens * features)
      for t in 0..<tokens {
        let cx = x + dx * Float(t) + rng.uniform(-0.3, 0.3)
        let cy = y + dy * Float(t) + rng.uniform(-0.3, 0.3)
        for gy in 0..<grid {
          for gx in 0..<grid {
            let d2 = (Float(gx) - cx) * (Float(gx) - cx) + (Float(gy) - cy) * (Float(gy) - cy)
            var count = (amplitude * expApprox(-d2 / 1.5)).rounded(.down)
            if rng.below(10) == 0 { count += 1 }  // background noise spike
            window[t * features + gy * grid + gx] = count
          }
        }
      }
      windows.append(window)
      labels.append(label)
    }
    return (windows, labels)
  }

  /// `e^x` for x ≤ 0 by repeated squaring (avoids Foundation here; accuracy is not the point).
  private func expApprox(_ x: Float) -> Float {
    var y = 1 + x / 256
    if y < 0 { return 0 }
    for _ in 0..<8 { y *= y }
    return y
  }
}
