import Testing

@testable import SpikeCapture

/// A clip held in memory plays exactly like the same bytes read from a file, and is refused
/// with the given name in the error.
@Suite struct InMemoryClipTests {
  func play(_ next: (UnsafeMutableBufferPointer<UInt8>) throws -> FrameStamp?) throws -> [UInt8] {
    var frame = [UInt8](repeating: 0, count: Preprocess.gesture9.output.byteCount)
    var all: [UInt8] = []
    while try frame.withUnsafeMutableBufferPointer({ try next($0) }) != nil { all += frame }
    return all
  }

  @Test func y4mFromMemoryMatchesTheFile() throws {
    let path = try TestPaths.fixture("tiny-422.y4m")
    var file = try Y4MSource(path: path)
    var memory = try Y4MSource(bytes: try TestPaths.read(path), name: "memory.y4m")
    let fromFile = try play { try file.nextFrame(into: $0) }
    #expect(fromFile.count == 3 * 64 * 64)
    #expect(try play { try memory.nextFrame(into: $0) } == fromFile)
    #expect(memory.path == "memory.y4m")
  }

  @Test func mjpegFromMemoryMatchesTheFile() throws {
    let bytes = Array(try TestPaths.read(TestPaths.sampleAVI).prefix(40_050))  // 4 frames
    let path = try TestPaths.temporaryFolder() + "/four.avi"
    try TestPaths.write(bytes, to: path)
    var file = try MJPEGFileSource(path: path)
    var memory = try MJPEGFileSource(bytes: bytes, name: "memory.avi")
    let fromFile = try play { try file.nextFrame(into: $0) }
    #expect(fromFile.count == 4 * 64 * 64)
    #expect(try play { try memory.nextFrame(into: $0) } == fromFile)
  }

  @Test func refusalsNameTheStream() {
    let refusal = CaptureError.badFile(
      path: "x.y4m", reason: "not a y4m stream (no 'YUV4MPEG2' header)")
    #expect(throws: refusal) {
      _ = try Y4MSource(bytes: [], name: "x.y4m")
    }
    do {
      _ = try MJPEGFileSource(bytes: Array("RIFF".utf8), name: "x.avi")
      Issue.record("a 4-byte stream was accepted")
    } catch {
      #expect(error.description.contains("x.avi"))
    }
  }
}

/// A stream's first frame header sizes the decode buffer: only for the DCT-scaled decode.
@Suite struct MJPEGDecodeBufferTests {
  /// SOI, a baseline SOF0 header claiming `width`×`height` grey, EOI: enough to be indexed and
  /// opened, not to decode.
  static func header(width: Int, height: Int) -> [UInt8] {
    [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 0x08, UInt8(height >> 8), UInt8(height & 0xFF),
      UInt8(width >> 8), UInt8(width & 0xFF), 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]
  }

  @Test func bufferFitsTheScaledDecode() {
    let network = FrameFormat(width: 128, height: 96)
    #expect(MJPEGFrames.decodeBytes(of: FrameFormat(width: 640, height: 480), covering: network)
      == 160 * 120)
    #expect(MJPEGFrames.decodeBytes(of: FrameFormat(width: 100, height: 90), covering: network)
      == 100 * 90)
    #expect(
      MJPEGFrames.decodeBytes(
        of: FrameFormat(width: 16384, height: 16384), covering: FrameFormat(width: 96, height: 96))
        == 2048 * 2048)
  }

  /// A 17-byte stream claiming 16384×16384 opens without a 256 MiB allocation (and then fails
  /// to decode, as it has no image data).
  @Test func hugeClaimDoesNotAllocateTheFullFrame() throws {
    var source = try MJPEGFileSource(
      bytes: Self.header(width: 16384, height: 16384), name: "claim.mjpeg")
    #expect(source.sourceFormat == FrameFormat(width: 16384, height: 16384))
    #expect(source.decodeBufferBytes == 2048 * 2048)
    var frame = [UInt8](repeating: 0, count: 64 * 64)
    #expect(throws: CaptureError.self) {
      _ = try frame.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) }
    }
  }
}
