import CSpikeCamSys
import Foundation
import Testing

@testable import SpikeCore

#if canImport(Glibc)
  import Glibc
#endif

/// A seeded random texture and crops of it, so a camera pan is an exact integer translation.
struct PanTexture {
  let side: Int
  let pixels: [UInt8]

  init(side: Int, seed: UInt32) {
    var rng = Xorshift32(seed: seed)
    self.side = side
    pixels = (0..<side * side).map { _ in rng.next8() }
  }

  /// The `width × height` window whose top-left corner is at `(left, top)`.
  func crop(left: Int, top: Int, width: Int, height: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: width * height)
    for y in 0..<height {
      for x in 0..<width { out[y * width + x] = pixels[(y + top) * side + x + left] }
    }
    return out
  }
}

private func estimate(_ e: GlobalShiftEstimator, _ previous: [UInt8], _ current: [UInt8]) -> (
  dx: Int, dy: Int
) {
  previous.withUnsafeBufferPointer { p in
    current.withUnsafeBufferPointer { c in e.estimate(previous: p, current: c) }
  }
}

private func encoded(_ encoder: inout FrameDifferenceEncoder, _ frame: [UInt8]) -> SpikePlanes {
  var planes = SpikePlanes(count: encoder.outputCount, timesteps: encoder.timesteps)
  frame.withUnsafeBufferPointer { encoder.encode($0, into: &planes) }
  return planes
}

@Suite struct GlobalShiftEstimatorTests {
  /// A camera moving by −(dx, dy) shows the scene moved by (dx, dy): current(x, y) =
  /// previous(x − dx, y − dy). Found exactly, including negative shifts and the ±R corners, on a
  /// frame that is not square.
  @Test func findsKnownIntegerShifts() throws {
    let texture = PanTexture(side: 64, seed: 7)
    let (w, h, r) = (40, 28, 5)
    let e = try GlobalShiftEstimator(width: w, height: h, radius: r)
    let shifts = [
      (0, 0), (1, 0), (0, -1), (3, -2), (-4, 1), (5, 5), (-5, -5), (5, -5), (-5, 5), (0, 5),
      (-5, 0), (2, 4),
    ]
    let previous = texture.crop(left: 10, top: 10, width: w, height: h)
    for (dx, dy) in shifts {
      let current = texture.crop(left: 10 - dx, top: 10 - dy, width: w, height: h)
      let found = estimate(e, previous, current)
      #expect(found == (dx, dy), "shift (\(dx), \(dy)) estimated as \(found)")
    }
  }

  @Test func identicalAndFlatFramesGiveNoShift() throws {
    let e = try GlobalShiftEstimator(width: 32, height: 32, radius: 6)
    let frame = PanTexture(side: 32, seed: 3).pixels
    #expect(estimate(e, frame, frame) == (0, 0))
    let flat = [UInt8](repeating: 90, count: 32 * 32)
    #expect(estimate(e, flat, flat) == (0, 0))
    // A flat frame after another flat frame of another grey: every shift ties, none is preferred.
    #expect(estimate(e, flat, [UInt8](repeating: 140, count: 32 * 32)) == (0, 0))
  }

  /// Ties between nonzero shifts go to the smaller |dx| + |dy|: a pattern constant along x
  /// matches every dx equally, and the estimator keeps dx = 0.
  @Test func tiesPreferTheSmallerShift() throws {
    let (w, h) = (24, 24)
    var rng = Xorshift32(seed: 5)
    let rows = (0..<h + 8).map { _ in rng.next8() }
    func frame(top: Int) -> [UInt8] { (0..<w * h).map { rows[$0 / w + top] } }
    let e = try GlobalShiftEstimator(width: w, height: h, radius: 3)
    #expect(estimate(e, frame(top: 4), frame(top: 2)) == (0, 2))
  }

  @Test func refusesRadiiItCannotSearch() {
    #expect(throws: EncoderError.self) { try GlobalShiftEstimator(width: 64, height: 64, radius: 17) }
    #expect(throws: EncoderError.self) { try GlobalShiftEstimator(width: 12, height: 64, radius: 6) }
    #expect(throws: EncoderError.self) {
      try FrameDifferenceEncoder(width: 64, height: 64, timesteps: 8, threshold: 16, panSearch: -1)
    }
  }
}

@Suite struct PanCompensatedEncoderTests {
  /// A pure translation of a textured frame fires all over without compensation and not at
  /// all with it: the moved reference matches the new frame, and pixels whose source left the
  /// frame take the new value.
  @Test func aPanEmitsNothingWhenCompensated() throws {
    let texture = PanTexture(side: 96, seed: 11)
    var off = try FrameDifferenceEncoder(width: 48, height: 40, timesteps: 8, threshold: 16)
    var on = try FrameDifferenceEncoder(
      width: 48, height: 40, timesteps: 8, threshold: 16, panSearch: 6)
    var position = (x: 30, y: 30)
    var (eventsOff, eventsOn) = (0, 0)
    let moves = [(3, 1), (4, -2), (-5, 0), (6, 6), (0, -6), (-2, 3)]
    for t in 0...moves.count {
      if t > 0 { position = (position.x - moves[t - 1].0, position.y - moves[t - 1].1) }
      let frame = texture.crop(left: position.x, top: position.y, width: 48, height: 40)
      eventsOff += encoded(&off, frame).totalSpikes
      eventsOn += encoded(&on, frame).totalSpikes
      if t > 0 { #expect(on.lastShift == moves[t - 1]) }
      #expect(off.lastShift == (0, 0))
    }
    #expect(eventsOff > 20_000, "the uncompensated pan must fire widely, got \(eventsOff)")
    #expect(eventsOn == 0)
    on.reset()
    #expect(on.lastShift == (0, 0) && !on.hasReference)
  }

  /// An object moving over a still background still fires with compensation on, as without.
  @Test func objectMotionOnAStillBackgroundIsUnchanged() throws {
    var off = try FrameDifferenceEncoder(pixelCount: 32 * 32, timesteps: 8, threshold: 12)
    var on = try FrameDifferenceEncoder(
      width: 32, height: 32, timesteps: 8, threshold: 12, panSearch: 4)
    let background = PanTexture(side: 32, seed: 2).pixels.map { $0 / 2 + 64 }
    for t in 0..<6 {
      var frame = background
      for y in 10..<16 { for x in (4 + 3 * t)..<(10 + 3 * t) { frame[y * 32 + x] = 250 } }
      let a = encoded(&off, frame)
      #expect(a == encoded(&on, frame))
      #expect(t == 0 || a.totalSpikes > 0)
    }
  }

  /// Compensation off is today's encoder bit for bit, whichever initialiser made it.
  @Test func offIsTheUnshapedEncoder() throws {
    var a = try FrameDifferenceEncoder(pixelCount: 20 * 20, timesteps: 12, threshold: 9)
    var b = try FrameDifferenceEncoder(width: 20, height: 20, timesteps: 12, threshold: 9)
    var rng = Xorshift32(seed: 9)
    for _ in 0..<10 {
      let frame = (0..<400).map { _ in rng.next8() }
      #expect(encoded(&a, frame) == encoded(&b, frame))
    }
    #expect(b.panSearch == 0)
  }

  /// Encoding with compensation allocates nothing after `init` (own process, like
  /// `NoAllocationTests`).
  @Test func compensationDoesNotAllocate() async {
    await #expect(processExitsWith: .success) {
      let texture = PanTexture(side: 96, seed: 4)
      guard
        var encoder = try? FrameDifferenceEncoder(
          width: 64, height: 64, timesteps: 8, threshold: 16, panSearch: 6)
      else { exit(2) }
      let frames = (0..<8).map { texture.crop(left: 16 + 2 * $0, top: 20 - $0, width: 64, height: 64) }
      var planes = SpikePlanes(count: encoder.outputCount, timesteps: 8)
      for k in 0..<3 { frames[k].withUnsafeBufferPointer { encoder.encode($0, into: &planes) } }
      let before = spikecam_heap_bytes_in_use()
      for k in 3..<8 { frames[k].withUnsafeBufferPointer { encoder.encode($0, into: &planes) } }
      let after = spikecam_heap_bytes_in_use()
      exit(after == before && encoder.lastShift == (-2, 1) ? 0 : 1)
    }
  }
}

@Suite struct PipelineConfigPanSearchTests {
  @Test func panSearchIsValidated() throws {
    var config = PipelineConfig()
    config.panSearch = 16
    try config.validate()
    config.panSearch = 17
    #expect(throws: ConfigError.self) { try config.validate() }
    config.panSearch = -1
    #expect(throws: ConfigError.self) { try config.validate() }
    config = PipelineConfig(width: 16, height: 16, patch: 8, panSearch: 8)
    #expect(throws: ConfigError.self) { try config.validate() }
  }
}
