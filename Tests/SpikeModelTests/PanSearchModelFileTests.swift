import Foundation
import SpikeCore
import Testing

@testable import SpikeModel

/// The bundled model files: the R-STDP pair predates `panSearch` (no key: reads as 0), the
/// attention pair compensates pans (6); either way writing the pipeline config again gives the
/// stored text byte for byte, and the file loads.
@Suite struct PanSearchModelFileTests {
  @Test(arguments: [
    ("gesture9-float", 6), ("gesture9-int8", 6), ("gesture9-rstdp-float", 0),
    ("gesture9-rstdp-int8", 0),
  ])
  func bundledFilesKeepTheirPanSearch(_ name: String, _ panSearch: Int) throws {
    let path = Python.packageRoot + "/calibration/\(name).safetensors"
    let file = try SafetensorsFile.read(path: path)
    let stored = try #require(file.metadata["pipeline"])
    #expect(stored.contains("panSearch") == (panSearch != 0))
    let pipeline = try JSONDecoder().decode(PipelineConfig.self, from: Data(stored.utf8))
    #expect(pipeline.panSearch == panSearch)
    #expect(ClassifierModelFile.json(pipeline) == stored)
    _ = try ClassifierModelFile.read(file)
  }
}
