import Testing

@testable import SpikeCore

/// The ring between the front end and every head: the first frame of a stream is skipped, a
/// window is complete from the (K + 1)-th frame on and holds the last K frames in time order,
/// and `reset` starts a new stream.
@Suite struct FeatureWindowTests {
  /// Frame n's features: F copies of n.
  static func frame(_ n: Int, features: Int) -> [Int8] {
    [Int8](repeating: Int8(n), count: features)
  }

  @Test func keepsTheLastKFramesInTimeOrder() {
    var w = FeatureWindow(tokens: 3, features: 2)
    for pass in 0..<2 {
      var complete: [Bool] = []
      for n in 0..<8 { complete.append(w.push(Self.frame(n, features: 2))) }
      #expect(complete == [false, false, false, true, true, true, true, true], "pass \(pass)")
      #expect(w.window == [5, 5, 6, 6, 7, 7])
      #expect(w.framesSeen == 8)
      w.reset()
      #expect(w.framesSeen == 0 && !w.isComplete)
    }
  }

  /// The window a pipeline hands its head: equal to the ring's, decision after decision, and
  /// the same again after `reset` (a generic pipeline's `reset` once crashed debug builds).
  @Test func pipelineResetReplaysTheStream() throws {
    let p = PipelineConfig(width: 16, height: 16, timesteps: 4, patch: 8, stride: 8, perColumn: 4, tokens: 3)
    let config = PopulationHeadConfig(tokens: p.tokens, features: p.features, classes: 2, perClass: 2)
    let head = try PopulationHead(
      config: config,
      parameters: PopulationHeadParameters8(
        weights: [Int8](repeating: 3, count: config.neurons * config.features),
        thresholds: [Int32](repeating: 500, count: config.neurons), inhibition: 10, stateShift: 4))
    var pipeline = try ClassifierPipeline(
      extractor: SpikeFeatureExtractor(
        config: p, network: SpikingNetwork(description: p.network(learning: false))),
      head: head)
    var rng = Xorshift32(seed: 9)
    let frames = (0..<6).map { _ in
      (0..<p.pixels).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }
    var passes: [[[Int8]]] = []
    for _ in 0..<2 {
      var windows: [[Int8]] = []
      for f in frames where f.withUnsafeBufferPointer({ pipeline.push($0) }) != nil {
        windows.append(pipeline.window)
      }
      passes.append(windows)
      pipeline.reset()
    }
    #expect(passes[0].count == 3)
    #expect(passes[0] == passes[1])
  }
}
