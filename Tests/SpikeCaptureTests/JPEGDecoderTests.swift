import SpikeCapture
import Testing

@Suite struct JPEGDecoderTests {
  static func gradient(width: Int, height: Int) -> [UInt8] {
    (0..<(width * height)).map { UInt8(($0 % width) * 255 / (width - 1)) }
  }

  @Test func roundTripWithDCTScaling() throws {
    let width = 64
    let height = 48
    let jpeg = try encodeGrayJPEG(Self.gradient(width: width, height: height), width: width, height: height, quality: 95)
    var decoder = JPEGDecoder(capacity: width * height)
    let full = try jpeg.withUnsafeBytes { try decoder.decode($0) }
    #expect(full.width == 64 && full.height == 48 && full.scaleDenominator == 1 && full.warnings == 0)
    // Quality 95 on a smooth ramp: every pixel within a few levels of the original.
    let original = Self.gradient(width: width, height: height)
    let worst = zip(decoder.pixels.prefix(width * height), original).map { abs(Int($0) - Int($1)) }.max()
    #expect((worst ?? 99) <= 4)
    // Asking for at least 16x12 picks the 1/4 DCT scale, not 1/8 (8x6 would be too small).
    let scaled = try jpeg.withUnsafeBytes { try decoder.decode($0, minWidth: 16, minHeight: 12) }
    #expect(scaled.width == 16 && scaled.height == 12 && scaled.scaleDenominator == 4)
  }

  @Test func garbageAndEmptyInputThrowTypedErrors() {
    var decoder = JPEGDecoder(capacity: 1024)
    #expect(throws: DecodeError.empty) { try [UInt8]().withUnsafeBytes { _ = try decoder.decode($0) } }
    #expect {
      try [0x00, 0x01, 0x02, 0x03, 0x04].withUnsafeBytes { _ = try decoder.decode($0) }
    } throws: { error in
      guard case .corrupt(let reason) = error as? DecodeError else { return false }
      return !reason.isEmpty
    }
  }

  @Test func oversizedImageIsRefusedBeforeDecoding() throws {
    let jpeg = try encodeGrayJPEG(Self.gradient(width: 64, height: 64), width: 64, height: 64)
    var decoder = JPEGDecoder(capacity: 100)
    #expect(throws: DecodeError.tooLarge(width: 64, height: 64, capacity: 100)) {
      try jpeg.withUnsafeBytes { _ = try decoder.decode($0) }
    }
  }
}
