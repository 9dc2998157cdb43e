import SpikeCore
@testable import SpikeModel
import SpikeReference
import Testing

/// A receptive-field projection is itemised at what the host runtime really stores: the
/// connected weights plus the layout's index lists, whose size the map computes without
/// building the network and which equals the built layout's; a chip's cores count the
/// connected weights only.
@Suite struct HostStorageMapTests {
  static let folder = Python.packageRoot + "/firmware-config"
  static let pipeline = PipelineConfig()
  static var network: NetworkFootprint {
    let p = pipeline
    return NetworkFootprint(
      encoderChannels: p.channels,
      layers: [
        .init(
          name: "columns", neurons: p.neurons, fanIn: p.patch * p.patch * p.channels,
          hostIndexBytes: Connectivity.receptiveFieldIndexBytes(
            width: p.width, height: p.height, channels: p.channels, patch: p.patch,
            stride: p.stride, neurons: p.neurons))
      ],
      attention: .init(
        tokens: 8, features: 512, width: 16, heads: 2, hidden: 32, classes: 9),
      classes: 9)
  }

  @Test func hostMapCountsConnectedWeightsAndIndex() throws {
    let map = MemoryMap(
      network: Self.network, profile: try BoardProfile.load(path: Self.folder + "/rpi-4.json"))
    let built = try SpikingNetwork(description: Self.pipeline.network(learning: false))
    let synapses = built.projections[0].synapses
    #expect(map.items.first { $0.name == "columns weights" }?.bytes == synapses.weights.count)
    #expect(synapses.weights.count == 512 * 256)
    let index = map.items.first { $0.name == "columns synapse index" }?.bytes
    #expect(index == synapses.layout.indexBytes)
    // The bundled front end: under 0.5 MiB in all, where dense rows and a mask took 16 MiB.
    #expect((index ?? .max) + synapses.weights.count < 512 * 1024)
  }

  @Test func overlappingFieldsIndexMatchesBuiltLayout() throws {
    let p = PipelineConfig(timesteps: 4, patch: 16, stride: 8, perColumn: 4)
    let built = try SpikingNetwork(description: p.network(learning: false))
    let computed = Connectivity.receptiveFieldIndexBytes(
      width: p.width, height: p.height, channels: p.channels, patch: p.patch, stride: p.stride,
      neurons: p.neurons)
    #expect(computed == built.projections[0].synapses.layout.indexBytes)
  }

  @Test func coreMapCountsConnectedSynapsesOnly() throws {
    let map = MemoryMap(
      network: Self.network, profile: try BoardProfile.load(path: Self.folder + "/loihi-core.json"))
    #expect(map.items.first { $0.name == "columns weights" }?.bytes == 512 * 256)
    #expect(!map.items.contains { $0.name == "columns synapse index" })
  }

  /// The encoder's frames are itemised: the reference image, plus two more with a pan search
  /// (previous frame and shifted reference), as `FrameDifferenceEncoder` allocates them.
  @Test func encoderFramesFollowPanSearch() throws {
    let board = try BoardProfile.load(path: Self.folder + "/rpi-4.json")
    func frames(_ panSearch: Int) throws -> Int? {
      let attention = AttentionConfig(
        tokens: 15, features: 640, width: 16, heads: 2, hidden: 32, classes: 9)
      let model = AttentionFloatModel(
        frontEnd: FloatFrontEnd(pipeline: PipelineConfig(panSearch: panSearch), weights: [], theta: []),
        head: FloatAttentionModel(
          config: attention, parameters: FloatAttentionParameters(zerosFor: attention)),
        classNames: [])
      return MemoryMap(network: model.footprint, profile: board).items.first {
        $0.name == "encoder frames"
      }?.bytes
    }
    #expect(try frames(0) == 64 * 64)
    #expect(try frames(6) == 3 * 64 * 64)
  }
}
