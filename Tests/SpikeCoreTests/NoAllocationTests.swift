import CSpikeCamSys
import Testing

@testable import SpikeCore

#if canImport(Glibc)
  import Glibc
#endif

/// `present` allocates nothing after `init`: glibc's bytes-in-use stay exactly equal over 20
/// warmed-up frames, learning on (STDP and R-STDP). Runs in its own process (an exit test), so
/// other tests' allocations cannot interfere; the child exits 1 if the heap grew.
@Suite struct NoAllocationTests {
  @Test func presentDoesNotAllocate() async {
    await #expect(processExitsWith: .success) {
      let ours = NetworkDescription.corticalColumns(
        width: 16, height: 16, columns: 4, perColumn: 8, winners: 2, field: (8, 8), seed: 2)
      let paper = NetworkDescription.paperColumn(
        classes: 2, inputCount: 256, hidden: 32, population: 8, seed: 2)
      for d in [ours, paper] {
        guard var net = try? SpikingNetwork(description: d) else { exit(2) }
        var planes = SpikePlanes(count: 256, timesteps: 16)
        var rng = Xorshift32(seed: 1)
        func frame(_ net: inout SpikingNetwork, _ planes: inout SpikePlanes) {
          for k in planes.words.indices {
            let bits = UInt64(rng.next()) << 32 | UInt64(rng.next())
            planes.words[k] = bits & 0x0111_0111_0111_0111  // about 12 % of inputs fire
          }
          net.reward = .label(1)
          net.present(planes, learn: true)
        }
        for _ in 0..<3 { frame(&net, &planes) }
        let before = spikecam_heap_bytes_in_use()
        for _ in 0..<20 { frame(&net, &planes) }
        let after = spikecam_heap_bytes_in_use()
        if after != before { exit(1) }
      }
      exit(0)
    }
  }
}

/// The paper's column as a head classifies and learns (R-STDP) without allocating after
/// `init`, as the run path needs.
@Suite struct ColumnHeadNoAllocationTests {
  @Test func classifyAndLearnDoNotAllocate() async {
    await #expect(processExitsWith: .success) {
      let config = ColumnHeadConfig(tokens: 4, features: 96, classes: 3, hidden: 24, perClass: 4)
      guard let fresh = try? ColumnWindowRun<SpikingNetwork>(config: config),
        var head = try? ColumnHead(
          config: config, weights: [fresh.weights(projection: 0), fresh.weights(projection: 1)],
          theta: [[Int32](repeating: 0, count: 24), [Int32](repeating: 0, count: 12)])
      else { exit(2) }
      var rng = Xorshift32(seed: 4)
      var window = [Int8](repeating: 0, count: 4 * 96)
      func step(_ k: Int) {
        for i in window.indices { window[i] = Int8(rng.next() % 8 == 0 ? rng.next() % 5 : 0) }
        _ = k % 2 == 0 ? head.classify(window) : head.learn(window, label: k % 3)
      }
      for k in 0..<4 { step(k) }
      let before = spikecam_heap_bytes_in_use()
      for k in 0..<20 { step(k) }
      if spikecam_heap_bytes_in_use() != before { exit(1) }
      exit(0)
    }
  }
}
