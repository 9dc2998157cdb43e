import CSpikeCamSys
import SpikeCapture
import Testing

#if canImport(Glibc)
  import Glibc
#endif

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
  /// mallinfo2). Runs in its own process (an exit test), so other tests' allocations cannot
  /// interfere; the child exits 1 when any of three rounds of 300 frames grew the heap.
  @Test func noHeapGrowthPerFrame() async {
    await #expect(processExitsWith: .success) {
      guard let y4m = try? TestPaths.fixture("tiny-420.y4m") else { exit(3) }
      for path in [TestPaths.sampleDataset + "/clips/test/test_00001", y4m] {
        guard
          var source = try? ClipSource(
            path: path, preprocess: Preprocess(output: FrameFormat(width: 16, height: 16), scaledHeight: 16),
            loop: true)
        else { exit(2) }
        var frame = [UInt8](repeating: 0, count: source.format.byteCount)
        let grew: Bool = frame.withUnsafeMutableBufferPointer { out in
          for _ in 0..<20 { _ = try? source.nextFrame(into: out) }
          for _ in 0..<3 {
            let before = spikecam_heap_bytes_in_use()
            for _ in 0..<300 { _ = try? source.nextFrame(into: out) }
            if spikecam_heap_bytes_in_use() > before { return true }
          }
          return false
        }
        if grew { exit(1) }
      }
      exit(0)
    }
  }
}
