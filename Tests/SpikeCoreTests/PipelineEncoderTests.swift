import CSpikeCamSys
import Testing

@testable import SpikeCore

#if canImport(Glibc)
  import Glibc
#endif

/// `PipelineConfig.encoder`: channel and feature counts follow the encoder, frame difference
/// keeps today's sizes, bad combinations are refused, and the front end allocates nothing per
/// frame with any encoder.
@Suite struct PipelineEncoderTests {
  static let all: [PipelineEncoder] = [
    .frameDifference, .ttfs, .rate, .poisson, .gaussian(fields: 3), .gaussian(fields: 4),
  ]

  @Test func defaultIsFrameDifferenceWithTodaysSizes() {
    let p = PipelineConfig()
    #expect(p.encoder == .frameDifference)
    #expect(p.encoderChannels == 2 && p.channels == 4)
    #expect(p.features == 2 * p.columns + p.neurons)
    #expect(p.network(learning: false).inputCount == 4 * p.pixels)
    var flat = p
    flat.delayLine = false
    #expect(flat.channels == 2)
  }

  @Test(arguments: all) func sizesFollowTheEncoder(_ kind: PipelineEncoder) throws {
    var p = PipelineConfig(width: 32, height: 24, timesteps: 6, encoder: kind)
    try p.validate()
    let e = kind.channels
    #expect(p.encoderChannels == e)
    #expect(p.channels == 2 * e)
    #expect(p.pooledCount == e * p.columns)
    #expect(p.features == e * p.columns + p.neurons)
    #expect(p.network(learning: true).inputCount == 2 * e * p.pixels)
    p.delayLine = false
    #expect(p.channels == e)
    let encoder = try PipelineSpikeEncoder(config: p)
    #expect(encoder.outputCount == e * p.pixels)
  }

  @Test func channelCountsOfEachKind() {
    #expect(PipelineEncoder.frameDifference.channels == 2)
    #expect(PipelineEncoder.ttfs.channels == 1)
    #expect(PipelineEncoder.rate.channels == 1)
    #expect(PipelineEncoder.poisson.channels == 1)
    #expect(PipelineEncoder.gaussian(fields: 5).channels == 5)
    #expect(PipelineEncoder.gaussian(fields: 5).name == "gaussian:5")
  }

  @Test func panSearchOnlyWithFrameDifference() throws {
    try PipelineConfig(panSearch: 4).validate()
    for kind in Self.all where kind != .frameDifference {
      let p = PipelineConfig(panSearch: 4, encoder: kind)
      #expect(throws: ConfigError.self) { try p.validate() }
      do {
        try p.validate()
      } catch {
        guard case .inconsistent(let message) = error else {
          Issue.record("expected .inconsistent, got \(error)")
          continue
        }
        #expect(message.contains("panSearch") && message.contains("frame-difference"))
      }
    }
  }

  @Test func gaussianFieldsOutOfRangeAreRefused() {
    for m in [0, 17, -1] {
      let error = ConfigError.outOfRange(name: "gaussian fields", value: m, minimum: 1, maximum: 16)
      #expect(throws: error) {
        try PipelineConfig(encoder: .gaussian(fields: m)).validate()
      }
    }
  }

  @Test func extractorRefusesANetworkOfAnotherEncoder() throws {
    let frameDifference = PipelineConfig(width: 16, height: 16, timesteps: 4, patch: 8)
    let network = try SpikingNetwork(description: frameDifference.network(learning: false))
    var ttfs = frameDifference
    ttfs.encoder = .ttfs
    #expect(throws: ConfigError.self) { try SpikeFeatureExtractor(config: ttfs, network: network) }
  }

  @Test func extractDoesNotAllocateWithAnyEncoder() async {
    await #expect(processExitsWith: .success) {
      var rng = Xorshift32(seed: 5)
      for kind in PipelineEncoderTests.all {
        let p = PipelineConfig(
          width: 16, height: 16, timesteps: 4, patch: 8, stride: 8, perColumn: 4, encoder: kind)
        guard let network = try? SpikingNetwork(description: p.network(learning: true)),
          var extractor = try? SpikeFeatureExtractor(config: p, network: network)
        else { exit(2) }
        var frame = [UInt8](repeating: 0, count: p.pixels)
        func step(_ learn: Bool) {
          for i in frame.indices { frame[i] = UInt8(truncatingIfNeeded: rng.next()) }
          frame.withUnsafeBufferPointer { extractor.extract($0, learn: learn) }
        }
        for _ in 0..<4 { step(true) }
        extractor.reset()
        step(false)
        let before = spikecam_heap_bytes_in_use()
        for i in 0..<12 { step(i % 2 == 0) }
        extractor.reset()
        step(false)
        if spikecam_heap_bytes_in_use() != before { exit(1) }
      }
      exit(0)
    }
  }
}
