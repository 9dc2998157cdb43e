import Foundation
import Testing

import SpikeCapture

#if canImport(Glibc)
  import Glibc
#endif

/// Test helpers around the reference decoder `djpeg` (libjpeg-turbo-progs).
enum Reference {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static func fixture(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
  }

  /// `djpeg -grayscale -pnm [-scale 1/N]` of `jpeg`: (width, height, pixels). Spawned with
  /// posix_spawn and files, not Foundation's Process (which needs socket pairs the VM's minimal
  /// guest cannot always make).
  static func djpeg(_ jpeg: [UInt8], scale: Int = 1) throws -> (Int, Int, [UInt8]) {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-\(UUID().uuidString)")
    let input = base.appendingPathExtension("jpg")
    let output = base.appendingPathExtension("pgm")
    try Data(jpeg).write(to: input)
    defer {
      try? FileManager.default.removeItem(at: input)
      try? FileManager.default.removeItem(at: output)
    }
    let arguments = [
      "/usr/bin/djpeg", "-grayscale", "-pnm", "-scale", "1/\(scale)", "-outfile", output.path,
      input.path,
    ]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, "/usr/bin/djpeg", nil, nil, &argv, environ) == 0 else {
      throw CaptureError.fileMissing(path: "/usr/bin/djpeg")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return try parsePGM([UInt8](try Data(contentsOf: output)))
  }

  /// A binary PGM (P5, maxval 255).
  static func parsePGM(_ data: [UInt8]) throws -> (Int, Int, [UInt8]) {
    var fields: [String] = []
    var index = 0
    while fields.count < 4 && index < data.count {
      while index < data.count,
        data[index] == 0x20 || data[index] == 0x0a || data[index] == 0x0d || data[index] == 0x09
      { index += 1 }
      let start = index
      while index < data.count,
        !(data[index] == 0x20 || data[index] == 0x0a || data[index] == 0x0d || data[index] == 0x09)
      { index += 1 }
      fields.append(String(decoding: data[start..<index], as: UTF8.self))
    }
    index += 1
    guard fields.count == 4, fields[0] == "P5", let w = Int(fields[1]), let h = Int(fields[2]),
      fields[3] == "255",
      data.count - index == w * h
    else { throw CaptureError.badFile(path: "djpeg output", reason: "not a P5 PGM: \(fields)") }
    return (w, h, Array(data[index...]))
  }

  static var djpegAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/djpeg") }
}

/// First differing pixels, for a readable failure.
func firstMismatches(_ actual: ArraySlice<UInt8>, _ expected: [UInt8]) -> String {
  var lines: [String] = []
  var count = 0
  for (i, (a, e)) in zip(actual.indices, zip(actual, expected)) where a != e {
    count += 1
    if lines.count < 8 { lines.append("\(i - actual.startIndex): \(a) vs \(e)") }
  }
  return "\(count) mismatches; " + lines.joined(separator: ", ")
}

@Suite(
  .enabled(if: Reference.djpegAvailable, "needs djpeg: run tools/setup.sh (libjpeg-turbo-progs)"))
struct JPEGReferenceTests {
  /// Our luma equals djpeg's, byte for byte, at full size and every DCT scale.
  @Test(arguments: ["color422.jpg", "color420-odd.jpg", "gray-generated"])
  func lumaMatchesDjpegAtEveryScale(_ name: String) throws {
    let jpeg: [UInt8]
    if name == "gray-generated" {
      let pixels = (0..<(99 * 71)).map { UInt8(truncatingIfNeeded: ($0 % 99) * 3 ^ ($0 / 99) * 5) }
      jpeg = try encodeGrayJPEG(pixels, width: 99, height: 71, quality: 80)
    } else {
      jpeg = try Reference.fixture(name)
    }
    var decoder = JPEGDecoder(capacity: 1 << 16)
    for scale in [1, 2, 4, 8] {
      let (w, h, expected) = try Reference.djpeg(jpeg, scale: scale)
      let probe = try jpeg.withUnsafeBytes { try decoder.decode($0) }
      // Ask for exactly the scaled size, rounded up: the decoder must pick this scale.
      let minW = (probe.sourceWidth + scale - 1) / scale
      let minH = (probe.sourceHeight + scale - 1) / scale
      let info = try jpeg.withUnsafeBytes {
        try decoder.decode($0, minWidth: minW, minHeight: minH)
      }
      #expect(
        info.scaleDenominator == scale && info.width == w && info.height == h && info.warnings == 0)
      let actual = decoder.pixels[0..<(w * h)]
      #expect(Array(actual) == expected, "\(name) 1/\(scale): \(firstMismatches(actual, expected))")
    }
  }

  /// Webcams in AVI1 style omit the Huffman tables (DHT) when they are the standard ones;
  /// libjpeg must fall back to those and give the same image. (libjpeg's own encoder writes the
  /// standard tables; ffmpeg's fixtures use optimised ones, which cannot be left out.)
  @Test func mjpegWithoutHuffmanTablesDecodesTheSame() throws {
    let pixels = (0..<(160 * 120)).map { UInt8(truncatingIfNeeded: ($0 % 160) ^ ($0 / 160) * 2) }
    let jpeg = try encodeGrayJPEG(pixels, width: 160, height: 120, quality: 85)
    var stripped: [UInt8] = [0xFF, 0xD8]
    var index = 2
    while index + 4 <= jpeg.count, jpeg[index] == 0xFF {
      let marker = jpeg[index + 1]
      let length = Int(jpeg[index + 2]) << 8 | Int(jpeg[index + 3])
      if marker == 0xDA {  // start of scan: the rest is entropy-coded data
        stripped += jpeg[index...]
        break
      }
      if marker != 0xC4 { stripped += jpeg[index..<(index + 2 + length)] }
      index += 2 + length
    }
    #expect(stripped.count < jpeg.count)
    var decoder = JPEGDecoder(capacity: 160 * 120)
    _ = try jpeg.withUnsafeBytes { try decoder.decode($0) }
    let original = decoder.pixels
    let info = try stripped.withUnsafeBytes { try decoder.decode($0) }
    #expect(info.warnings == 0 && decoder.pixels == original)
  }
}

@Suite struct CorruptJPEGTests {
  static func color() throws -> [UInt8] { try Reference.fixture("color422.jpg") }

  static let stream = StreamFormat(pixelFormat: .mjpeg, width: 160, height: 120)

  /// Every cut point of a real frame: an error or a warning, never a crash and never a clean
  /// result; the frame converter skips every one with a reason.
  @Test func truncatedFramesAreAlwaysSkipped() throws {
    let jpeg = try Self.color()
    var converter = FrameConverter(stream: Self.stream, preprocess: .gesture9)
    var out = [UInt8](repeating: 0, count: 64 * 64)
    var reasons: Set<String> = []
    for cut in stride(from: 0, to: jpeg.count - 1, by: 5) {
      let skip = Array(jpeg[0..<cut]).withUnsafeBytes { bytes in
        out.withUnsafeMutableBufferPointer { converter.convert(bytes, into: $0) }
      }
      #expect(skip != nil, "cut at \(cut) of \(jpeg.count) was delivered")
      if let skip { reasons.insert(String(describing: skip).prefix(12).description) }
    }
    #expect(reasons.contains("damaged JPEG") && reasons.contains("corrupt JPEG"))
    // The whole frame goes through.
    let whole = jpeg.withUnsafeBytes { bytes in
      out.withUnsafeMutableBufferPointer { converter.convert(bytes, into: $0) }
    }
    #expect(whole == nil)
  }

  /// Seeded random byte damage in header and data: never a crash.
  @Test func flippedBytesNeverCrash() throws {
    let jpeg = try Self.color()
    var decoder = JPEGDecoder(capacity: 160 * 120)
    var state: UInt32 = 12345
    func next() -> Int {
      state ^= state << 13
      state ^= state >> 17
      state ^= state << 5
      return Int(state)
    }
    var outcomes = [0, 0, 0]  // clean, warned, refused
    for _ in 0..<300 {
      var damaged = jpeg
      for _ in 0..<(1 + next() % 4) {
        damaged[next() % damaged.count] = UInt8(truncatingIfNeeded: next())
      }
      do {
        let info = try damaged.withUnsafeBytes { try decoder.decode($0) }
        outcomes[info.warnings > 0 ? 1 : 0] += 1
      } catch {
        outcomes[2] += 1
      }
    }
    #expect(outcomes.reduce(0, +) == 300)
    #expect(outcomes[2] > 0 && outcomes[1] > 0)
  }

  @Test func emptyGarbageAndZeroSizeAreRefused() throws {
    var converter = FrameConverter(stream: Self.stream, preprocess: .gesture9)
    var out = [UInt8](repeating: 0, count: 64 * 64)
    func convert(_ bytes: [UInt8]) -> SkipReason? {
      bytes.withUnsafeBytes { b in
        out.withUnsafeMutableBufferPointer { converter.convert(b, into: $0) }
      }
    }
    #expect(convert([]) == .emptyBuffer)
    guard case .corruptJPEG = convert([0xFF, 0xD8, 0xFF, 0x00]) else {
      Issue.record("tables-only stub accepted")
      return
    }
    guard case .corruptJPEG = convert(Array("not a jpeg at all".utf8)) else {
      Issue.record("text accepted")
      return
    }
  }

  /// A header claiming 65500×65500 is refused before a line is decoded (no huge allocation).
  @Test func hugeDimensionsAreRefusedBeforeDecoding() throws {
    var jpeg = try Self.color()
    guard
      let sof = (0..<(jpeg.count - 9)).first(where: { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 })
    else {
      Issue.record("no SOF0 in the fixture")
      return
    }
    jpeg[sof + 5] = 0xFF
    jpeg[sof + 6] = 0xDC  // height 65500
    jpeg[sof + 7] = 0xFF
    jpeg[sof + 8] = 0xDC  // width 65500
    var decoder = JPEGDecoder(capacity: 160 * 120)
    #expect {
      try jpeg.withUnsafeBytes { _ = try decoder.decode($0) }
    } throws: { error in
      guard case .tooLarge(let w, let h, _) = error as? DecodeError else { return false }
      return w == 65500 && h == 65500
    }
    var converter = FrameConverter(stream: Self.stream, preprocess: .gesture9)
    var out = [UInt8](repeating: 0, count: 64 * 64)
    let skip = jpeg.withUnsafeBytes { b in
      out.withUnsafeMutableBufferPointer { converter.convert(b, into: $0) }
    }
    #expect(skip != nil)
  }

  /// YUYV and GREY give their luma (with the driver's line padding skipped), then the same
  /// preprocessing as every other input.
  @Test func yuyvAndGreyTakeLuma() {
    let width = 96
    let height = 96
    let luma = (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 * 13 / 7) }
    var yuyv = [UInt8](repeating: 0x80, count: (width * 2 + 8) * height)  // 8 bytes of padding per line
    var grey = [UInt8](repeating: 0xEE, count: (width + 4) * height)
    for y in 0..<height {
      for x in 0..<width {
        yuyv[y * (width * 2 + 8) + 2 * x] = luma[y * width + x]
        grey[y * (width + 4) + x] = luma[y * width + x]
      }
    }
    let preprocess = Preprocess(output: FrameFormat(width: 96, height: 96), scaledHeight: 96)
    var a = FrameConverter(
      stream: StreamFormat(
        pixelFormat: .yuyv, width: width, height: height, bytesPerLine: width * 2 + 8),
      preprocess: preprocess)
    var b = FrameConverter(
      stream: StreamFormat(
        pixelFormat: .grey, width: width, height: height, bytesPerLine: width + 4),
      preprocess: preprocess)
    var outA = [UInt8](repeating: 0, count: width * height)
    var outB = outA
    #expect(
      yuyv.withUnsafeBytes { y in outA.withUnsafeMutableBufferPointer { a.convert(y, into: $0) } }
        == nil)
    #expect(
      grey.withUnsafeBytes { g in outB.withUnsafeMutableBufferPointer { b.convert(g, into: $0) } }
        == nil)
    #expect(outA == luma && outB == luma)
    #expect(
      Array(yuyv.prefix(100)).withUnsafeBytes { y in
        outA.withUnsafeMutableBufferPointer { a.convert(y, into: $0) }
      }
        == .shortFrame(bytes: 100, expected: (width * 2 + 8) * (height - 1) + width * 2))
  }
}
