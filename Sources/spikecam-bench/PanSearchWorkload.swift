import SpikeCore

/// `spikecam-bench pan-search`: the encoder's global-shift estimate alone (`GlobalShiftEstimator`,
/// the bundled model's 64 × 64 and R = 6 by default) on a seeded panning scene: a smooth texture
/// window moved by a random shift in `[−R, R]²` per frame (one frame in four still), with a few
/// grey levels of noise. Prints µs per estimate and a digest of the shifts, so that a faster
/// search can be shown to pick the same ones.
enum PanSearchWorkload {
  static func main(_ o: BenchOptions) -> Int32 {
    guard let pairs = o.integers["pairs"], pairs >= 1,
      let side = o.integers["size"], let radius = o.integers["radius"],
      let estimator = try? GlobalShiftEstimator(width: side, height: side, radius: radius)
    else { return o.refuse("needs --pairs ≥ 1 and --size above 2 · --radius (≤ 16)") }
    let frames = PanScene(side: side, radius: radius, count: 64)
    var digest: UInt32 = 2_166_136_261  // FNV-1a over every (dx, dy)
    var moved = 0
    let cpu0 = BenchIO.cpuSeconds()
    for k in 0..<pairs {
      let i = k % (frames.count - 1)
      let shift = frames.pixels[i].withUnsafeBufferPointer { p in
        frames.pixels[i + 1].withUnsafeBufferPointer { c in
          estimator.estimate(previous: p, current: c)
        }
      }
      if shift == frames.shifts[i + 1] { moved += 1 }
      for v in [shift.dx, shift.dy] {
        digest = (digest ^ UInt32(truncatingIfNeeded: v)) &* 16_777_619
      }
    }
    let cpu = BenchIO.cpuSeconds() - cpu0
    let us = cpu / Double(pairs) * 1e6
    if o.flags.contains("json") {
      print(
        "{\"workload\":\"pan-search\",\"pairs\":\(pairs),\"size\":\(side),\"radius\":\(radius),"
          + "\"us_per_estimate_cpu\":\(us),\"found_true_shift\":\(moved),\"shift_digest\":\(digest)}"
      )
    } else {
      print("pan-search: \(side)×\(side), R = \(radius), \(pairs) frame pairs, one core")
      print("  µs per estimate (CPU)    \(BenchIO.fixed(us, 2))")
      print("  true shift found         \(moved) of \(pairs)")
      print("  shift digest             \(digest)")
    }
    return 0
  }
}

/// Seeded frames of a smooth texture seen through a `side × side` window that moves by a
/// random shift per frame.
private struct PanScene {
  let pixels: [[UInt8]]
  /// The scene's shift from frame i − 1 to frame i (`(0, 0)` for the first).
  let shifts: [(dx: Int, dy: Int)]
  var count: Int { pixels.count }

  init(side: Int, radius: Int, count: Int) {
    var rng = Xorshift32(seed: 0x5EED)
    let big = side + 2 * (radius + 1) * count
    // A 4 × 4 box blur of white noise, twice: texture at a few pixels' scale, like a room.
    var field = (0..<big * big).map { _ in Int(rng.next8()) }
    for _ in 0..<2 {
      var blurred = field
      for y in 0..<big {
        for x in 0..<big {
          var s = 0
          for v in 0..<4 {
            for u in 0..<4 { s += field[min(y + v, big - 1) * big + min(x + u, big - 1)] }
          }
          blurred[y * big + x] = s / 16
        }
      }
      field = blurred
    }
    var frames: [[UInt8]] = []
    var shifts: [(dx: Int, dy: Int)] = [(0, 0)]
    var (left, top) = (big / 2 - side / 2, big / 2 - side / 2)
    for k in 0..<count {
      if k > 0 {
        let still = rng.next() % 4 == 0
        let span = UInt32(2 * radius + 1)
        let dx = still ? 0 : Int(rng.next() % span) - radius
        let dy = still ? 0 : Int(rng.next() % span) - radius
        // The scene moves by (dx, dy) when the window moves by (−dx, −dy).
        (left, top) = (left - dx, top - dy)
        shifts.append((dx, dy))
      }
      frames.append(
        (0..<side * side).map { i in
          let noise = Int(rng.next() % 7) - 3
          return UInt8(clamping: field[(top + i / side) * big + left + i % side] + noise)
        })
    }
    pixels = frames
    self.shifts = shifts
  }
}
