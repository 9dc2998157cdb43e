import Testing

@testable import SpikeCore

/// The pan search as first written (plain scalar SAD, bounds-checked indexing), kept as the
/// specification the block-wise `GlobalShiftEstimator` must match shift for shift.
struct ReferenceShiftEstimator {
  let width: Int
  let height: Int
  let radius: Int

  func estimate(previous: [UInt8], current: [UInt8]) -> (dx: Int, dy: Int) {
    let r = radius
    if r == 0 { return (0, 0) }
    let coarse = search(previous, current, dx: -r...r, dy: -r...r, step: 2)
    return search(
      previous, current, dx: max(-r, coarse.dx - 1)...min(r, coarse.dx + 1),
      dy: max(-r, coarse.dy - 1)...min(r, coarse.dy + 1), step: 1)
  }

  private func search(
    _ previous: [UInt8], _ current: [UInt8], dx xs: ClosedRange<Int>, dy ys: ClosedRange<Int>,
    step: Int
  ) -> (dx: Int, dy: Int) {
    var best = (sad: Int.max, l1: Int.max, dx: 0, dy: 0)
    for dy in ys {
      for dx in xs {
        let l1 = abs(dx) + abs(dy)
        let sad = sum(previous, current, dx: dx, dy: dy, step: step, stopAbove: best.sad)
        if sad < best.sad || (sad == best.sad && l1 < best.l1) {
          best = (sad, l1, dx, dy)
        }
      }
    }
    return (best.dx, best.dy)
  }

  private func sum(
    _ previous: [UInt8], _ current: [UInt8], dx: Int, dy: Int, step: Int, stopAbove: Int
  ) -> Int {
    let r = radius
    var total = 0
    var y = r
    while y < height - r {
      let row = y * width
      let source = (y - dy) * width - dx
      var x = r
      while x < width - r {
        total &+= abs(Int(current[row + x]) - Int(previous[source + x]))
        x += step
      }
      if total > stopAbove { return total }
      y += step
    }
    return total
  }
}

/// Seeded frame pairs of the kinds that stress the search: textures, flat frames (every shift
/// ties), shifted copies with noise, low-contrast and two-level frames (many equal SADs),
/// stripes (ties between shifts of equal |dx| + |dy|), and 0/255 extremes (largest lane sums).
private struct FramePairs {
  var rng: Xorshift32

  mutating func pair(kind: Int, width w: Int, height h: Int, radius r: Int) -> ([UInt8], [UInt8]) {
    let n = w * h
    func random(_ levels: ClosedRange<Int>) -> [UInt8] {
      (0..<n).map { _ in UInt8(levels.lowerBound + Int(rng.next() % UInt32(levels.count))) }
    }
    switch kind % 8 {
    case 0: return (random(0...255), random(0...255))
    case 1:
      let grey = UInt8(rng.next8())
      return ([UInt8](repeating: grey, count: n), [UInt8](repeating: rng.next8(), count: n))
    case 2, 3:
      // A wider scene; both frames are windows of it, the second moved by up to R (and a
      // little beyond) with a few grey levels of noise.
      let (sw, sh) = (w + 2 * r + 4, h + 2 * r + 4)
      let scene = (0..<sw * sh).map { _ in rng.next8() }
      let reach = r + 2
      let dx = Int(rng.next() % UInt32(2 * reach + 1)) - reach
      let dy = Int(rng.next() % UInt32(2 * reach + 1)) - reach
      let (x0, y0) = (r + 2, r + 2)
      let noise = kind % 8 == 2 ? 0 : 6
      var previous = [UInt8](repeating: 0, count: n)
      var current = [UInt8](repeating: 0, count: n)
      for y in 0..<h {
        for x in 0..<w {
          previous[y * w + x] = scene[(y + y0) * sw + x + x0]
          let sx = min(max(x + x0 - dx, 0), sw - 1)
          let sy = min(max(y + y0 - dy, 0), sh - 1)
          let wobble = noise == 0 ? 0 : Int(rng.next() % UInt32(2 * noise + 1)) - noise
          current[y * w + x] = UInt8(clamping: Int(scene[sy * sw + sx]) + wobble)
        }
      }
      return (previous, current)
    case 4: return (random(100...102), random(100...102))
    case 5: return (random(0...1), random(0...1))
    case 6:
      // Vertical stripes of a random period and phase in both frames.
      let period = 2 + Int(rng.next() % 3)
      let (a, b) = (Int(rng.next() % 8), Int(rng.next() % 8))
      let previous = (0..<n).map { UInt8((($0 % w + a) % period) * 60) }
      let current = (0..<n).map { UInt8((($0 % w + b) % period) * 60) }
      return (previous, current)
    default:
      return (random(0...1).map { $0 * 255 }, random(0...1).map { $0 * 255 })
    }
  }
}

@Suite struct ShiftEstimatorExactnessTests {
  /// Compares the estimator with the reference on `pairs` seeded frame pairs of every kind.
  private func compare(width w: Int, height h: Int, radius r: Int, pairs: Int, seed: UInt32)
    throws -> Int
  {
    let fast = try GlobalShiftEstimator(width: w, height: h, radius: r)
    let reference = ReferenceShiftEstimator(width: w, height: h, radius: r)
    var source = FramePairs(rng: Xorshift32(seed: seed))
    var compared = 0
    for k in 0..<pairs {
      let (previous, current) = source.pair(kind: k, width: w, height: h, radius: r)
      let want = reference.estimate(previous: previous, current: current)
      let got = previous.withUnsafeBufferPointer { p in
        current.withUnsafeBufferPointer { c in fast.estimate(previous: p, current: c) }
      }
      #expect(got == want, "\(w)×\(h) R=\(r) pair \(k) (kind \(k % 8)): \(got) ≠ \(want)")
      compared += 1
    }
    return compared
  }

  /// The bundled model's shape (64 × 64, R = 6), 160 pairs.
  @Test func matchesTheReferenceOnTheModelShape() throws {
    #expect(try compare(width: 64, height: 64, radius: 6, pairs: 160, seed: 1) == 160)
  }

  /// Radii 1…8 and 16 on frames square and not, odd widths, interiors narrower and wider
  /// than one 16-pixel block, and exactly a block wide.
  @Test func matchesTheReferenceOverShapesAndRadii() throws {
    var compared = 0
    var seed: UInt32 = 100
    for r in [1, 2, 3, 4, 5, 6, 7, 8] {
      for (w, h) in [(2 * r + 1, 2 * r + 3), (2 * r + 16, 2 * r + 5), (33, 21), (47, 40), (64, 48)]
      {
        seed += 1
        compared += try compare(width: w, height: h, radius: r, pairs: 16, seed: seed)
      }
    }
    for (w, h) in [(33, 33), (49, 40), (64, 64), (71, 35)] {
      seed += 1
      compared += try compare(width: w, height: h, radius: 16, pairs: 8, seed: seed)
    }
    #expect(compared == 8 * 5 * 16 + 4 * 8)
  }

  /// Rows wider than 127 blocks take more than one 16-bit lane sum per row; 64 blocks with a
  /// tail carry two rows in the lanes, the most they hold.
  @Test func matchesTheReferenceOnVeryWideFrames() throws {
    var compared = 0
    for (k, w) in [2 * 127 * 16 + 2 + 5, 16 * 130 + 9, 16 * 63 + 2 + 5].enumerated() {
      compared += try compare(width: w, height: 5, radius: 1, pairs: 8, seed: 900 + UInt32(k))
    }
    #expect(compared == 24)
  }
}
