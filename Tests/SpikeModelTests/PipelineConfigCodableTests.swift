import Foundation
import SpikeCore
import SpikeModel
import Testing

/// The pipeline config's JSON form (`__metadata__.pipeline`): files from before `panSearch`
/// read as 0, and 0 is not written, so their bytes stay the same.
@Suite struct PipelineConfigCodableTests {
  @Test func jsonWithoutPanSearchDecodesToZeroAndZeroIsNotWritten() throws {
    let old = Data(
      #"{"delayLine":true,"eventThreshold":16,"height":64,"patch":8,"perColumn":8,"poolShift":5,"seed":1,"stride":8,"timesteps":8,"tokens":15,"width":64,"winners":1}"#
        .utf8)
    let config = try JSONDecoder().decode(PipelineConfig.self, from: old)
    #expect(config == PipelineConfig())
    #expect(config.panSearch == 0)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    #expect(try encoder.encode(config) == old)
    var panned = config
    panned.panSearch = 6
    let text = try encoder.encode(panned)
    #expect(String(decoding: text, as: UTF8.self).contains(#""panSearch":6"#))
    #expect(try JSONDecoder().decode(PipelineConfig.self, from: text) == panned)
    #expect(!String(decoding: text, as: UTF8.self).contains("panConsensus"))
  }

  @Test func panConsensusRoundTripsAndIsCheckedByValidate() throws {
    var guarded = PipelineConfig(panSearch: 6)
    guarded.panConsensus = PanConsensus(grid: 4, margin: 3, quorum: 60)
    let text = try JSONEncoder().encode(guarded)
    #expect(String(decoding: text, as: UTF8.self).contains(#""panConsensus":{"#))
    #expect(try JSONDecoder().decode(PipelineConfig.self, from: text) == guarded)
    var orphan = PipelineConfig()
    orphan.panConsensus = PanConsensus()
    #expect(throws: ConfigError.self) { try orphan.validate() }
    guarded.panConsensus?.quorum = 101
    #expect(throws: ConfigError.self) { try guarded.validate() }
  }

  @Test func adaptiveThresholdRoundTripsAndIsCheckedByValidate() throws {
    var adaptive = PipelineConfig()
    adaptive.adaptiveThreshold = EventThresholdAdaptation(
      rangeReference: 160, noiseGain: 4, minimum: 4, maximum: 32)
    let text = try JSONEncoder().encode(adaptive)
    #expect(String(decoding: text, as: UTF8.self).contains(#""adaptiveThreshold":{"#))
    #expect(try JSONDecoder().decode(PipelineConfig.self, from: text) == adaptive)
    #expect(adaptive.encoderFrames == 2)
    adaptive.adaptiveThreshold?.maximum = 3
    #expect(throws: ConfigError.self) { try adaptive.validate() }
    adaptive.adaptiveThreshold?.maximum = 32
    adaptive.encoder = .ttfs
    #expect(throws: ConfigError.self) { try adaptive.validate() }
  }
}

/// The `encoder` key: absent means frame difference and frame difference is not written (so
/// the bundled model files keep their bytes); every other encoder round-trips by name.
@Suite struct PipelineEncoderCodableTests {
  // Computed, not a stored static: LeakSanitizer cannot see through a static Data's storage.
  static var old: Data {
    Data(
      #"{"delayLine":true,"eventThreshold":16,"height":64,"patch":8,"perColumn":8,"poolShift":5,"seed":1,"stride":8,"timesteps":8,"tokens":15,"width":64,"winners":1}"#
        .utf8)
  }

  static func json(_ config: PipelineConfig) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(config)
  }

  @Test func absentKeyIsFrameDifferenceAndIsNotWritten() throws {
    let config = try JSONDecoder().decode(PipelineConfig.self, from: Self.old)
    #expect(config.encoder == .frameDifference)
    #expect(try Self.json(config) == Self.old)
    let panned = try Self.json(PipelineConfig(panSearch: 3))
    #expect(!String(decoding: panned, as: UTF8.self).contains("encoder"))
  }

  @Test(arguments: [
    (PipelineEncoder.ttfs, "ttfs"), (.rate, "rate"), (.poisson, "poisson"),
    (.gaussian(fields: 4), "gaussian:4"), (.gaussian(fields: 7), "gaussian:7"),
  ])
  func everyEncoderRoundTrips(_ kind: PipelineEncoder, _ name: String) throws {
    let config = PipelineConfig(timesteps: 6, encoder: kind)
    let text = try Self.json(config)
    #expect(String(decoding: text, as: UTF8.self).contains(#""encoder":"\#(name)""#))
    #expect(try JSONDecoder().decode(PipelineConfig.self, from: text) == config)
    #expect(try PipelineEncoder(name: name) == kind)
  }

  @Test func namesParseAndUnknownOnesAreRefused() throws {
    #expect(try PipelineEncoder(name: "frame-difference") == .frameDifference)
    #expect(try PipelineEncoder(name: "gaussian") == .gaussian(fields: 4))
    for bad in ["", "gauss", "gaussian:", "gaussian:0", "gaussian:17", "gaussian:x", "TTFS"] {
      #expect(throws: ConfigError.self) { try PipelineEncoder(name: bad) }
    }
    var text = String(decoding: Self.old, as: UTF8.self)
    text.removeLast()
    text += #","encoder":"sparkle"}"#
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(PipelineConfig.self, from: Data(text.utf8))
    }
  }
}
