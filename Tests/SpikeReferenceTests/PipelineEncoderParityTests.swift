import SpikeCore
import SpikeReference
import Testing

/// The configured encoders of the two front ends (`PipelineSpikeEncoder` and its float twin)
/// on the same frames: the routed input planes are identical bit for bit for frame difference,
/// TTFS and rate. Poisson values: the same spike count per pixel, so identical pooled counts,
/// at times drawn differently. Gaussian fields: one spike per channel in both, each within one
/// step, at most 5 % of channels differing (Float against Q30 exp, `EncoderParityTests`). The
/// pooled counts are the per-channel spike counts of each cell, and `reset()` makes a clip's
/// spikes independent of what came before.
@Suite struct PipelineEncoderParityTests {
  static let kinds: [PipelineEncoder] = [
    .frameDifference, .ttfs, .rate, .poisson, .gaussian(fields: 3), .gaussian(fields: 4),
  ]

  /// A bright bar moving over a gradient with noise: changes for frame difference, a spread
  /// of grey levels for the intensity encoders.
  static func frames(_ p: PipelineConfig, count: Int) -> [[UInt8]] {
    var rng = Xorshift32(seed: 11)
    return (0..<count).map { t in
      var frame = [UInt8](repeating: 0, count: p.pixels)
      for y in 0..<p.height {
        for x in 0..<p.width {
          let base = (x * 255) / p.width + Int(rng.next8() % 21) - 10
          frame[y * p.width + x] = UInt8(clamping: base)
        }
      }
      for y in 4..<10 {
        for x in (2 * t)..<(2 * t + 5) where x < p.width { frame[y * p.width + x] = 255 }
      }
      return frame
    }
  }

  /// Per-cell, per-channel spike counts of `events`, counted directly.
  static func expectedPooled(_ events: SpikePlanes, _ p: PipelineConfig) -> [Int32] {
    let e = p.encoderChannels
    var out = [Int32](repeating: 0, count: p.pooledCount)
    for t in 0..<p.timesteps {
      for k in 0..<events.count where events.isSet(step: t, channel: k) {
        let (pixel, c) = (k / e, k % e)
        let (cx, cy) = ((pixel % p.width) / p.stride, (pixel / p.width) / p.stride)
        if cx < p.columnsAcross && cy < p.columnsDown {
          out[(cy * p.columnsAcross + cx) * e + c] += 1
        }
      }
    }
    return out
  }

  @Test(arguments: kinds) func twinsRouteTheSameSpikes(_ kind: PipelineEncoder) throws {
    let p = PipelineConfig(
      width: 24, height: 16, timesteps: 8, patch: 8, stride: 8, perColumn: 2, seed: 7,
      encoder: kind)
    var fixed = try PipelineSpikeEncoder(config: p)
    var float = try FloatPipelineSpikeEncoder(config: p)
    var a = EventRouter(config: p)
    var b = EventRouter(config: p)
    let frames = Self.frames(p, count: 8)
    var firstPass: [[UInt64]] = []
    var spikes = 0
    for frame in frames {
      frame.withUnsafeBufferPointer { fixed.encode($0, into: &a.events) }
      frame.withUnsafeBufferPointer { float.encode($0, into: &b.events) }
      let expected = Self.expectedPooled(a.events, p)
      if case .gaussian = kind {
        // Tolerance: every spike within one step; at most 5 % of channels differ.
        var differing = 0
        for k in 0..<a.events.count {
          let sa = (0..<p.timesteps).first { a.events.isSet(step: $0, channel: k) }
          let sb = (0..<p.timesteps).first { b.events.isSet(step: $0, channel: k) }
          guard let sa, let sb else {
            Issue.record("channel \(k) must spike once in both twins")
            break
          }
          #expect(abs(sa - sb) <= 1)
          if sa != sb { differing += 1 }
        }
        #expect(differing * 20 <= a.events.count, "\(kind.name): \(differing) channels differ")
      }
      spikes += a.events.totalSpikes
      a.route()
      b.route()
      #expect(a.pooled == expected)
      #expect(a.pooled == b.pooled)
      if kind == .frameDifference || kind == .ttfs || kind == .rate {
        let differing = zip(a.input.words, b.input.words).filter { $0 != $1 }.count
        #expect(differing == 0, "\(kind.name): \(differing) words of the input planes differ")
      }
      firstPass.append(a.input.words)
    }
    #expect(spikes > 100, "\(kind.name) must produce spikes (\(spikes))")
    // A new clip: the same frames give the same input as the first time.
    fixed.reset()
    a.reset()
    for (i, frame) in frames.prefix(3).enumerated() {
      frame.withUnsafeBufferPointer { fixed.encode($0, into: &a.events) }
      a.route()
      #expect(a.input.words == firstPass[i], "\(kind.name) frame \(i) after reset")
    }
  }

  @Test(arguments: kinds) func extractorsAgreeOnThePooledFeatures(_ kind: PipelineEncoder) throws {
    let p = PipelineConfig(
      width: 16, height: 16, timesteps: 6, patch: 8, stride: 8, perColumn: 3, poolShift: 1,
      seed: 3, encoder: kind)
    var fixed = try SpikeFeatureExtractor(
      config: p, network: SpikingNetwork(description: p.network(learning: false)))
    var float = try FloatSpikeFeatureExtractor(
      config: p, network: FloatSpikingNetwork(description: p.network(learning: false)))
    #expect(fixed.features.count == p.encoderChannels * p.columns + p.neurons)
    #expect(float.features.count == fixed.features.count)
    var nonzero = 0
    for frame in Self.frames(p, count: 5) {
      frame.withUnsafeBufferPointer { fixed.extract($0) }
      frame.withUnsafeBufferPointer { float.extract($0) }
      for i in 0..<p.pooledCount {
        #expect(fixed.features[i] == float.features[i], "\(kind.name) feature \(i)")
        if fixed.features[i] != 0 { nonzero += 1 }
      }
    }
    #expect(nonzero > 0, "\(kind.name): the pooled features must not all be 0")
  }
}
