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
