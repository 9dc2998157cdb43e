import Testing

@testable import SpikeCore

/// A pan shift is compensated only when the background's blocks agree with it: over a plain
/// wall the least-SAD shift is the object's own motion, and the consensus refuses it.
@Suite struct PanConsensusTests {
  static let side = 64
  static let rule = PanConsensus(grid: 4, margin: 2, quorum: 50)

  /// A `side × side` frame: `background(x, y)` with a bright 20×20 square at `(sx, sy)` and
  /// seeded noise of ±`noise` grey levels.
  static func frame(
    square: (Int, Int)?, noise: Int, seed: UInt32, background: (Int, Int) -> Int
  ) -> [UInt8] {
    var rng = Xorshift32(seed: seed)
    var out = [UInt8](repeating: 0, count: side * side)
    for y in 0..<side {
      for x in 0..<side {
        var v = background(x, y)
        if let (sx, sy) = square, (sx..<sx + 20).contains(x), (sy..<sy + 20).contains(y) { v = 230 }
        let jitter = noise == 0 ? 0 : Int(rng.next8()) % (2 * noise + 1) - noise
        out[y * side + x] = UInt8(clamping: v + jitter)
      }
    }
    return out
  }

  static func estimate(_ e: GlobalShiftEstimator, _ a: [UInt8], _ b: [UInt8]) -> (dx: Int, dy: Int) {
    a.withUnsafeBufferPointer { p in b.withUnsafeBufferPointer { c in e.estimate(previous: p, current: c) } }
  }

  static let texture = PanTexture(side: 96, seed: 7)
  static func textured(_ left: Int, _ top: Int) -> (Int, Int) -> Int {
    { x, y in Int(texture.pixels[(y + top) * 96 + x + left]) / 2 + 40 }
  }

  @Test func aMovingObjectOverAPlainWallIsNotTakenForAPan() throws {
    let wall: (Int, Int) -> Int = { x, _ in 120 + x / 16 }
    let a = Self.frame(square: (20, 22), noise: 2, seed: 1, background: wall)
    let b = Self.frame(square: (24, 22), noise: 2, seed: 2, background: wall)
    let plain = try GlobalShiftEstimator(width: 64, height: 64, radius: 6)
    let guarded = try GlobalShiftEstimator(width: 64, height: 64, radius: 6, consensus: Self.rule)
    #expect(Self.estimate(plain, a, b) == (4, 0))  // the failure the rule is for
    #expect(Self.estimate(guarded, a, b) == (0, 0))
  }

  @Test func aPanOverTextureIsKeptWithAnObjectMovingOtherwise() throws {
    let a = Self.frame(square: (20, 22), noise: 2, seed: 1, background: Self.textured(10, 10))
    // The camera moves left and down by (3, 2): the scene moves by (−3, −2) on screen.
    let b = Self.frame(square: (20, 30), noise: 2, seed: 2, background: Self.textured(13, 12))
    let guarded = try GlobalShiftEstimator(width: 64, height: 64, radius: 6, consensus: Self.rule)
    #expect(Self.estimate(guarded, a, b) == (-3, -2))
  }

  @Test func aStillTexturedSceneStaysUnshifted() throws {
    let a = Self.frame(square: (20, 22), noise: 3, seed: 1, background: Self.textured(10, 10))
    let b = Self.frame(square: (25, 22), noise: 3, seed: 2, background: Self.textured(10, 10))
    let guarded = try GlobalShiftEstimator(width: 64, height: 64, radius: 6, consensus: Self.rule)
    #expect(Self.estimate(guarded, a, b) == (0, 0))
  }

  @Test func aQuorumOfAllBlocksRefusesAPanSeenByFewBlocks() throws {
    // Texture in the top row of blocks only, the rest plain: 4 of 16 blocks see the pan.
    let mixed: (Int, Int) -> (Int, Int) -> Int = { l, t in
      { x, y in y < 16 ? Int(Self.texture.pixels[(y + t) * 96 + x + l]) : 128 }
    }
    let a = Self.frame(square: nil, noise: 0, seed: 1, background: mixed(10, 10))
    let b = Self.frame(square: nil, noise: 0, seed: 2, background: mixed(12, 10))
    let strict = try GlobalShiftEstimator(width: 64, height: 64, radius: 6, consensus: Self.rule)
    let lenient = try GlobalShiftEstimator(
      width: 64, height: 64, radius: 6, consensus: PanConsensus(grid: 4, margin: 2, quorum: 25))
    #expect(Self.estimate(strict, a, b) == (0, 0))
    #expect(Self.estimate(lenient, a, b) == (-2, 0))
  }

  @Test func rangesAreChecked() {
    #expect(throws: EncoderError.self) {
      try GlobalShiftEstimator(width: 64, height: 64, radius: 6, consensus: PanConsensus(grid: 9))
    }
    #expect(throws: EncoderError.self) {
      try GlobalShiftEstimator(width: 64, height: 64, radius: 6, consensus: PanConsensus(quorum: 0))
    }
    #expect(throws: EncoderError.self) {
      try GlobalShiftEstimator(width: 14, height: 14, radius: 6, consensus: PanConsensus(grid: 4))
    }
  }
}
