import Testing

@testable import SpikeCapture

/// One regression test per input the fuzz targets reported (Tests/Fuzz/findings/<target>/).
@Suite struct FuzzFindingTests {
  static func finding(_ target: String, _ name: String) throws -> [UInt8] {
    try TestPaths.read(FuzzCorpusTests.fuzz + "/findings/\(target)/\(name)")
  }

  /// `fuzz-mjpeg/progressive-claims-16384x16384.mjpeg`: a 907-byte progressive JPEG whose SOF2
  /// claims 16384×16384. At 1/8 scale it fits the decode buffer, and libjpeg then allocated
  /// 512 MB of whole-image coefficient arrays (libFuzzer: out-of-memory with a 256 MB malloc
  /// limit). The shim now caps libjpeg's memory, and the frame is refused with a typed error.
  @Test func progressiveFrameClaimingHugeSizeHitsTheMemoryLimit() throws {
    let bytes = try Self.finding("fuzz-mjpeg", "progressive-claims-16384x16384.mjpeg")
    var decoder = JPEGDecoder(capacity: 1 << 22)
    #expect(throws: DecodeError.corrupt(reason: "image needs more than 64 MiB of decoder memory")) {
      _ = try bytes.withUnsafeBytes { try decoder.decode($0, minWidth: 1, minHeight: 1) }
    }
    var source = try MJPEGFileSource(bytes: bytes, name: "finding.mjpeg")
    var frame = [UInt8](repeating: 0, count: Preprocess.gesture9.output.byteCount)
    do {
      _ = try frame.withUnsafeMutableBufferPointer { out throws(CaptureError) in
        try source.nextFrame(into: out)
      }
      Issue.record("the frame was delivered")
    } catch {
      #expect(error.description.contains("finding.mjpeg"))
      #expect(error.description.contains("decoder memory"))
    }
  }
}
