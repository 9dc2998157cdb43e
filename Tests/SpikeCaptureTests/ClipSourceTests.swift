import CSpikeCamSys
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

  /// After warm-up, looping a PGM folder and a y4m stream leaves the heap where it was (glibc
  /// mallinfo2). Other tests run in parallel, so one of three rounds must show no growth.
  @Test func noHeapGrowthPerFrame() throws {
    let paths = [TestPaths.sampleDataset + "/clips/test/test_00001", try TestPaths.fixture("tiny-420.y4m")]
    for path in paths {
      var source = try ClipSource(
        path: path, preprocess: Preprocess(output: FrameFormat(width: 16, height: 16), scaledHeight: 16),
        loop: true)
      var frame = [UInt8](repeating: 0, count: source.format.byteCount)
      var growths: [Int] = []
      try frame.withUnsafeMutableBufferPointer { out in
        for _ in 0..<20 { _ = try source.nextFrame(into: out) }
        for _ in 0..<3 {
          let before = spikecam_heap_bytes_in_use()
          for _ in 0..<300 { _ = try source.nextFrame(into: out) }
          growths.append(Int(spikecam_heap_bytes_in_use()) - Int(before))
        }
      }
      #expect(growths.contains { $0 <= 0 }, "\(path): heap growth per round \(growths)")
    }
  }
}
