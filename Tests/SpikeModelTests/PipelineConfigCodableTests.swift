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
  }
}
