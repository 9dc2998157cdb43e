import SpikeCapture
import Testing

@Suite struct ClipSourceTests {
  func count(_ source: inout ClipSource) throws -> Int {
    var frame = [UInt8](repeating: 0, count: source.format.byteCount)
    var n = 0
    while try frame.withUnsafeMutableBufferPointer({ try source.nextFrame(into: $0) }) != nil {
      n += 1
    }
    return n
  }

  @Test func opensEachKindByPath() throws {
    var folder = try ClipSource(path: TestPaths.sampleDataset + "/clips/train/train_00000")
    #expect(folder.format == FrameFormat(width: 64, height: 64))
    #expect(try count(&folder) == 16)
    var avi = try ClipSource(path: TestPaths.sampleAVI)
    #expect(try count(&avi) == 96)
    var y4m = try ClipSource(
      path: try TestPaths.fixture("tiny-444.y4m"),
      preprocess: Preprocess(output: FrameFormat(width: 16, height: 16), scaledHeight: 16))
    #expect(y4m.format == FrameFormat(width: 16, height: 16))
    #expect(try count(&y4m) == 3)
  }

  @Test func unknownAndMissingPathsAreTypedErrors() throws {
    #expect(throws: CaptureError.fileMissing(path: "/nonexistent.avi")) {
      _ = try ClipSource(path: "/nonexistent.avi")
    }
    #expect(throws: CaptureError.self) {
      _ = try ClipSource(path: TestPaths.calibration + "/README.md")
    }
  }
}
