import SpikeCapture
import Testing

@Suite struct Y4MSourceTests {
  /// Each fixture (made by ffmpeg, see Fixtures/README.md) played at its own size must give
  /// exactly the luma planes ffmpeg's extractplanes wrote.
  @Test(arguments: [("420", 33, 25), ("422", 32, 24), ("444", 32, 24), ("mono", 32, 24)])
  func lumaPlanesMatchFFmpeg(chroma: String, width: Int, height: Int) throws {
    let format = FrameFormat(width: width, height: height)
    let reference = try TestPaths.read(try TestPaths.fixture("tiny-\(chroma).y.gray"))
    var source = try Y4MSource(
      path: try TestPaths.fixture("tiny-\(chroma).y4m"),
      preprocess: Preprocess(output: format, scaledHeight: height))
    #expect(source.header.format == format && source.header.frameRate == (12, 1))
    var frame = [UInt8](repeating: 0, count: format.byteCount)
    var frames: [UInt8] = []
    while let stamp = try frame.withUnsafeMutableBufferPointer({ try source.nextFrame(into: $0) }) {
      #expect(stamp.sequence == UInt64(frames.count / format.byteCount))
      frames += frame
    }
    #expect(frames.count == 3 * format.byteCount)
    #expect(frames == reference)
  }

  @Test func loopsAndDownscales() throws {
    var source = try Y4MSource(
      path: try TestPaths.fixture("tiny-422.y4m"),
      preprocess: Preprocess(output: FrameFormat(width: 8, height: 8), scaledHeight: 12), loop: true
    )
    var frame = [UInt8](repeating: 0, count: 64)
    var count = 0
    for _ in 0..<10 {
      if try frame.withUnsafeMutableBufferPointer({ try source.nextFrame(into: $0) }) != nil {
        count += 1
      }
    }
    #expect(count == 10)
  }

  @Test func refusesMalformedStreams() throws {
    let good = try TestPaths.read(try TestPaths.fixture("tiny-mono.y4m"))
    let folder = try TestPaths.temporaryFolder()
    let header = Array("YUV4MPEG2 W32 H24 F12:1 Cmono\n".utf8)
    let cases: [([UInt8], String)] = [
      (Array("RIFF".utf8), "not a y4m"),
      (Array("YUV4MPEG2 W32 H24".utf8), "does not end"),
      (Array("YUV4MPEG2 H24 Cmono\n".utf8), "no valid W"),
      (Array("YUV4MPEG2 W32 H24 C420p10\n".utf8), "not supported"),
      (header, "no frames"),
      (header + Array("FRAME\n".utf8) + [UInt8](repeating: 1, count: 100), "truncated"),
      (header + Array("FRAMX\n".utf8), "no FRAME marker"),
      (Array(good.prefix(good.count - 1)), "truncated"),  // opens; the last frame is short
    ]
    for (n, (bytes, expected)) in cases.enumerated() {
      let path = folder + "/case\(n).y4m"
      try TestPaths.write(bytes, to: path)
      do {
        var source = try Y4MSource(path: path)
        var frame = [UInt8](repeating: 0, count: 64 * 64)
        while try frame.withUnsafeMutableBufferPointer({ try source.nextFrame(into: $0) }) != nil {}
        Issue.record("case \(n) accepted")
      } catch {
        guard case .badFile(_, let reason)? = error as? CaptureError else {
          Issue.record("case \(n): \(error)")
          continue
        }
        #expect(reason.contains(expected), "case \(n): \(reason)")
      }
    }
  }
}
