import CSpikeCamSys
import SpikeCapture
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct MJPEGFileSourceTests {
  func frames(_ source: inout MJPEGFileSource, limit: Int = 10_000) throws -> [[UInt8]] {
    var out: [[UInt8]] = []
    var frame = [UInt8](repeating: 0, count: source.format.byteCount)
    while out.count < limit,
      try frame.withUnsafeMutableBufferPointer({ try source.nextFrame(into: $0) }) != nil
    {
      out.append(frame)
    }
    return out
  }

  /// The bundled 640×480 sample: 96 frames at 12 fps, and the first eight close to ffmpeg's
  /// own decode + area downscale + centre crop (calibration/README.md). The two pipelines
  /// differ (libjpeg decodes at 1/4 scale with DCT scaling and the area step is then 1.25×;
  /// ffmpeg decodes full size and averages 5×5 blocks), measured at a mean absolute
  /// difference of 3.2–3.6 levels and a worst pixel of 64: the tolerance is a mean of 4.5 and a
  /// worst pixel of 96, and each frame must be closer to its own reference than to any other.
  @Test func sampleAVIMatchesFFmpegReference() throws {
    var source = try MJPEGFileSource(path: TestPaths.sampleAVI)
    #expect(source.container == .avi)
    #expect(source.frameCount == 96)
    #expect(source.sourceFormat == FrameFormat(width: 640, height: 480))
    #expect(source.microsecondsPerFrame == 83_333)
    let all = try frames(&source)
    #expect(all.count == 96 && source.skippedFrames == 0)
    let reference = try TestPaths.read(TestPaths.calibration + "/sample-640x480.ref64.gray")
    #expect(reference.count == 8 * 4096)
    func meanDifference(_ a: [UInt8], _ b: ArraySlice<UInt8>) -> (mean: Double, worst: Int) {
      let diffs = zip(a, b).map { abs(Int($0) - Int($1)) }
      return (Double(diffs.reduce(0, +)) / Double(diffs.count), diffs.max() ?? 0)
    }
    for t in 0..<8 {
      let own = meanDifference(all[t], reference[(t * 4096)..<((t + 1) * 4096)])
      #expect(
        own.mean <= 4.5 && own.worst <= 96, "frame \(t): mean \(own.mean), worst \(own.worst)")
      for u in 0..<8 where u != t {
        let other = meanDifference(all[t], reference[(u * 4096)..<((u + 1) * 4096)])
        #expect(own.mean < other.mean, "frame \(t) is as close to reference \(u)")
      }
    }
    // Frames move: consecutive frames differ, and no frame is flat grey.
    #expect(zip(all, all.dropFirst()).filter { $0 != $1 }.count >= 90)
    #expect(all.allSatisfy { Set($0).count > 32 })
  }

  /// The same JPEGs as a raw concatenated stream (what `ffmpeg -f mjpeg` writes), with a frame
  /// libjpeg rejects and some junk between frames: identical frames, the bad one counted.
  @Test func rawStreamGivesTheSameFramesAndSkipsBadOnes() throws {
    let avi = try TestPaths.read(TestPaths.sampleAVI)
    let aviFrames = try avi.withUnsafeBytes { try MJPEGFrames.all(in: $0) }
    var stream: [UInt8] = []
    for (n, range) in aviFrames.prefix(10).enumerated() {
      stream += avi[range]
      if n == 3 { stream += [0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0x41, 0x42, 0xFF, 0xD9] }  // no image
      if n == 5 { stream += Array("junk between frames".utf8) }
    }
    stream += Array(avi[aviFrames[10]].prefix(500))  // truncated tail: not a frame
    let path = try TestPaths.temporaryFolder() + "/ten.mjpeg"
    try TestPaths.write(stream, to: path)
    var raw = try MJPEGFileSource(path: path)
    #expect(raw.container == .rawStream && raw.frameCount == 11)
    let rawFrames = try frames(&raw)
    #expect(raw.skippedFrames == 1 && !raw.lastSkipReason.isEmpty)
    var fromAVI = try MJPEGFileSource(path: TestPaths.sampleAVI)
    #expect(rawFrames == (try frames(&fromAVI, limit: 10)))
  }

  @Test func loopsAndKeepsCounting() throws {
    var source = try MJPEGFileSource(path: TestPaths.sampleAVI, loop: true)
    var frame = [UInt8](repeating: 0, count: 4096)
    var last: FrameStamp?
    for _ in 0..<100 {
      last = try frame.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) }
    }
    #expect(last?.sequence == 99)
  }

  /// Real-time pacing at the AVI's 12 fps: 4 frames take about 3 intervals (≥ 240 ms).
  @Test func realTimePacingWaitsForEachFrame() throws {
    var source = try MJPEGFileSource(path: TestPaths.sampleAVI, pacing: .realTime)
    var frame = [UInt8](repeating: 0, count: 4096)
    var stamps: [FrameStamp] = []
    for _ in 0..<4 {
      if let s = try frame.withUnsafeMutableBufferPointer({ try source.nextFrame(into: $0) }) {
        stamps.append(s)
      }
    }
    #expect(stamps.count == 4)
    #expect(stamps[3].captureNanos - stamps[0].captureNanos >= 240_000_000)
  }

  /// A recording cut short by another process while it plays (a camera's file being rotated):
  /// the source reads through a buffer, not a mapping, so it reports the file as having shrunk
  /// (a typed error) instead of dying of SIGBUS, after the frames that were there.
  @Test func aFileCutShortWhilePlayingIsAnErrorNotACrash() throws {
    let path = try TestPaths.temporaryFolder() + "/cut.avi"
    let avi = try TestPaths.read(TestPaths.sampleAVI)
    try TestPaths.write(avi, to: path)
    var source = try MJPEGFileSource(path: path)
    let early = try frames(&source, limit: 10)
    #expect(early.count == 10)
    #expect(truncate(path, off_t(avi.count / 2)) == 0)
    do {
      _ = try frames(&source)
      Issue.record("expected an error once the file shrank")
    } catch let error as CaptureError {
      guard case .badFile(let failed, let reason) = error else {
        Issue.record("expected badFile, got \(error)")
        return
      }
      #expect(failed == path && reason.contains("shrank"))
    }
  }

  @Test func refusesFilesThatAreNotMJPEG() throws {
    let folder = try TestPaths.temporaryFolder()
    let cases: [([UInt8], String)] = [
      ([], "neither"),
      (Array("hello".utf8), "neither"),
      (Array("RIFF\u{4}\0\0\0WAVE".utf8), "not AVI"),
      (Array("RIFF\u{4}\0\0\0AVI ".utf8), "no '00dc'"),
      ([0xFF, 0xD8, 0xFF, 0xD8], "no complete JPEG"),
      ([0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0x41, 0x42, 0xFF, 0xD9], "start-of-frame"),
    ]
    for (n, (bytes, expected)) in cases.enumerated() {
      let path = folder + "/case\(n).bin"
      try TestPaths.write(bytes, to: path)
      #expect {
        _ = try MJPEGFileSource(path: path)
      } throws: { error in
        guard case .badFile(_, let reason) = error as? CaptureError else { return false }
        return reason.contains(expected)
      }
    }
  }

  /// After warm-up, playing frames leaves the heap where it was (glibc mallinfo2). Runs in its
  /// own process (an exit test), so other tests' allocations cannot interfere; the child exits 1
  /// when any of three rounds of 200 frames grew the heap.
  @Test func noHeapGrowthPerFrame() async {
    await #expect(processExitsWith: .success) {
      guard var source = try? MJPEGFileSource(path: TestPaths.sampleAVI, loop: true) else { exit(2) }
      var frame = [UInt8](repeating: 0, count: 4096)
      let grew: Bool = frame.withUnsafeMutableBufferPointer { out in
        for _ in 0..<10 { _ = try? source.nextFrame(into: out) }
        for _ in 0..<3 {
          let before = spikecam_heap_bytes_in_use()
          for _ in 0..<200 { _ = try? source.nextFrame(into: out) }
          if spikecam_heap_bytes_in_use() > before { return true }
        }
        return false
      }
      exit(grew ? 1 : 0)
    }
  }
}
