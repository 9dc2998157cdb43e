import SpikeCore
import SpikeReference
import Testing

/// The integer and float frame-difference encoders with pan compensation on: the same shift
/// (one integer estimator on the same u8 frames) and, with an integer threshold, the same
/// events bit for bit, over a panning textured clip with a moving object and noise.
@Suite struct PanParityTests {
  @Test func integerAndFloatAgreeExactlyWhilePanning() throws {
    let (w, h, side) = (48, 40, 120)
    var rng = Xorshift32(seed: 17)
    let texture = (0..<side * side).map { _ in rng.next8() }
    var fixed = try FrameDifferenceEncoder(
      width: w, height: h, timesteps: 8, threshold: 14, panSearch: 5)
    var float = try FloatFrameDifferenceEncoder(
      width: w, height: h, timesteps: 8, threshold: 14, panSearch: 5)
    var a = SpikePlanes(count: fixed.outputCount, timesteps: 8)
    var b = SpikePlanes(count: float.outputCount, timesteps: 8)
    var (left, top) = (40, 40)
    var (events, shifted) = (0, 0)
    for t in 0..<24 {
      left = min(max(left + Int(rng.next8() % 9) - 4, 0), side - w)
      top = min(max(top + Int(rng.next8() % 7) - 3, 0), side - h)
      var frame = [UInt8](repeating: 0, count: w * h)
      for y in 0..<h {
        for x in 0..<w {
          let noise = Int(rng.next8() % 9) - 4
          frame[y * w + x] = UInt8(clamping: Int(texture[(y + top) * side + x + left]) + noise)
        }
      }
      for y in 12..<20 { for x in (t % 30)..<(t % 30 + 8) { frame[y * w + x] = 255 } }
      frame.withUnsafeBufferPointer { fixed.encode($0, into: &a) }
      frame.withUnsafeBufferPointer { float.encode($0, into: &b) }
      let differing = zip(a.words, b.words).filter { $0 != $1 }.count
      #expect(differing == 0, "frame \(t): \(differing) words of the event planes differ")
      #expect(fixed.lastShift == float.lastShift)
      events += a.totalSpikes
      if fixed.lastShift != (0, 0) { shifted += 1 }
    }
    #expect(shifted >= 15, "the clip must actually pan (\(shifted) shifted frames)")
    #expect(events > 500, "the clip must produce events (\(events))")
  }
}

/// With the adaptive event step, both twins take the same integer step and fire the same
/// events, frame by frame, while the scene's contrast and noise change.
@Suite struct AdaptiveThresholdParityTests {
  @Test func integerAndFloatFireTheSameEvents() throws {
    let rule = EventThresholdAdaptation(rangeReference: 160, noiseGain: 4, minimum: 4, maximum: 32)
    var fixed = try FrameDifferenceEncoder(
      width: 64, height: 64, timesteps: 8, threshold: 16, panSearch: 4, adaptation: rule)
    var float = try FloatFrameDifferenceEncoder(
      width: 64, height: 64, timesteps: 8, threshold: 16, panSearch: 4, adaptation: rule)
    var a = SpikePlanes(count: fixed.outputCount, timesteps: 8)
    var b = SpikePlanes(count: float.outputCount, timesteps: 8)
    var rng = Xorshift32(seed: 5)
    var steps: Set<Int> = []
    var events = 0
    for t in 0..<16 {
      let (low, high, noise) = (20 + 4 * t, 60 + 10 * t, 2 + t % 5)
      var frame = (0..<4096).map { i -> UInt8 in
        let jitter = Int(rng.next8()) % (2 * noise + 1) - noise
        return UInt8(clamping: low + (high - low) * (i % 64) / 63 + jitter)
      }
      for y in 20..<36 { for x in (2 * t)..<(2 * t + 12) { frame[y * 64 + x] = UInt8(clamping: high + 20) } }
      frame.withUnsafeBufferPointer { fixed.encode($0, into: &a) }
      frame.withUnsafeBufferPointer { float.encode($0, into: &b) }
      #expect(a.words == b.words, "frame \(t)")
      #expect(Float(fixed.lastThreshold) == float.lastThreshold)
      if t > 0 { steps.insert(fixed.lastThreshold) }
      events += a.totalSpikes
    }
    #expect(steps.count >= 3, "the step must move with the scene: \(steps)")
    #expect(events > 1000, "\(events) events")
  }
}
