import Foundation
import SpikeCore
import Testing

@testable import SpikeModel

/// Model files from before `panSearch` existed: the bundled ones read with pan search 0, and
/// writing their pipeline config again gives the stored text byte for byte.
@Suite struct PanSearchModelFileTests {
  @Test(arguments: ["gesture9-float", "gesture9-int8", "gesture9-rstdp-float", "gesture9-rstdp-int8"])
  func bundledFilesReadWithPanSearchOff(_ name: String) throws {
    let path = Python.packageRoot + "/calibration/\(name).safetensors"
    let file = try SafetensorsFile.read(path: path)
    let stored = try #require(file.metadata["pipeline"])
    #expect(!stored.contains("panSearch"))
    let pipeline = try JSONDecoder().decode(PipelineConfig.self, from: Data(stored.utf8))
    #expect(pipeline.panSearch == 0)
    #expect(ClassifierModelFile.json(pipeline) == stored)
    _ = try ClassifierModelFile.read(file)
  }
}
