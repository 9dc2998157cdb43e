import SpikeModel
import Testing

/// A receptive-field projection that the host runtime keeps as dense rows plus a connection
/// mask is itemised at that size on a host board, and at its connected size on a chip's cores.
@Suite struct HostStorageMapTests {
  static let folder = Python.packageRoot + "/firmware-config"
  static let network = NetworkFootprint(
    encoderChannels: 2,
    layers: [.init(name: "columns", neurons: 64, fanIn: 128, hostStoredPerNeuron: 2048)],
    attention: .init(width: 16, heads: 2, mlpWidth: 32), classes: 9)

  @Test func hostMapCountsDenseRowsAndMask() throws {
    let map = MemoryMap(network: Self.network, profile: try BoardProfile.load(path: Self.folder + "/rpi-4.json"))
    #expect(map.items.first { $0.name == "columns weights" }?.bytes == 64 * 2048)
    #expect(map.items.first { $0.name == "columns connection mask" }?.bytes == 64 * 2048)
  }

  @Test func coreMapCountsConnectedSynapsesOnly() throws {
    let map = MemoryMap(network: Self.network, profile: try BoardProfile.load(path: Self.folder + "/loihi-core.json"))
    #expect(map.items.first { $0.name == "columns weights" }?.bytes == 64 * 128)
    #expect(!map.items.contains { $0.name == "columns connection mask" })
  }
}
