import CSpikeCamSys
import Testing

@testable import SpikeCore

#if canImport(Glibc)
  import Glibc
#endif

/// The R-STDP head's streaming path allocates nothing after `init`: glibc's bytes-in-use stay
/// equal over 20 warmed-up frames of `ClassifierPipeline<_, PopulationHead>.push`, each one a
/// decision.
/// Runs in its own process (an exit test); the child exits 1 if the heap grew.
@Suite struct PopulationPipelineAllocationTests {
  @Test func pushDoesNotAllocate() async {
    await #expect(processExitsWith: .success) {
      let p = PipelineConfig(
        width: 16, height: 16, timesteps: 4, patch: 8, stride: 8, perColumn: 4, tokens: 3)
      let config = PopulationHeadConfig(
        tokens: p.tokens, features: p.features, classes: 3, perClass: 4)
      var rng = Xorshift32(seed: 3)
      let parameters = PopulationHeadParameters8(
        weights: (0..<config.neurons * config.features).map { _ in Int8(Int(rng.next() % 64) - 16)
        },
        thresholds: [Int32](repeating: 2000, count: config.neurons), inhibition: 100,
        selfInhibition: 50, stateShift: 4)
      guard let network = try? SpikingNetwork(description: p.network(learning: false)),
        let extractor = try? SpikeFeatureExtractor(config: p, network: network),
        let head = try? PopulationHead(config: config, parameters: parameters),
        var pipeline = try? ClassifierPipeline(extractor: extractor, head: head)
      else { exit(2) }
      var frame = [UInt8](repeating: 0, count: p.pixels)
      func push(_ pipeline: inout ClassifierPipeline<SpikeFeatureExtractor, PopulationHead>) -> Bool {
        for i in frame.indices { frame[i] = UInt8(truncatingIfNeeded: rng.next()) }
        return frame.withUnsafeBufferPointer { pipeline.push($0) } != nil
      }
      for _ in 0..<6 { _ = push(&pipeline) }
      let before = spikecam_heap_bytes_in_use()
      var decisions = 0
      for _ in 0..<20 where push(&pipeline) { decisions += 1 }
      let after = spikecam_heap_bytes_in_use()
      exit(after == before && decisions == 20 ? 0 : 1)
    }
  }
}
