import SpikeCapture
import Testing

@Suite struct PGMTests {
  func decode(_ text: String, _ tail: [UInt8]) throws(CaptureError) -> (FrameFormat, [UInt8]) {
    let r = try PGM.decode(Array(text.utf8) + tail, name: "t.pgm")
    return (r.format, r.pixels)
  }

  func reason(_ bytes: [UInt8]) -> String? {
    do {
      _ = try PGM.decode(bytes, name: "t.pgm")
      return nil
    } catch {
      guard case .badFile(let path, let reason) = error, path == "t.pgm" else {
        return "wrong case"
      }
      return reason
    }
  }

  @Test func roundTripsThroughTheWriter() throws {
    let format = FrameFormat(width: 7, height: 3)
    let pixels = (0..<21).map { UInt8($0 * 12) }
    let file = pixels.withUnsafeBufferPointer { PGM.encode($0, format: format) }
    #expect(Array(file.prefix(11)) == Array("P5\n7 3\n255\n".utf8))
    let (back, got) = try decode("", file)
    #expect(back == format && got == pixels)
  }

  /// netpbm: comments anywhere before maxval count as whitespace, any whitespace separates.
  @Test func acceptsCommentsAndAllWhitespaceKinds() throws {
    let (format, pixels) = try decode(
      "P5 # made by hand\n#another\r2\t\u{0B}1\u{0C}# w h\n255#x\n", [9, 8])
    #expect(format == FrameFormat(width: 2, height: 1) && pixels == [9, 8])
    let (_, tight) = try decode("P5\n2 1 255 ", [0x0A, 0x20])  // pixel bytes that look like whitespace
    #expect(tight == [0x0A, 0x20])
  }

  @Test func scalesSamplesBelow255() throws {
    let (_, pixels) = try decode("P5 3 1 15\n", [0, 7, 15])
    #expect(pixels == [0, 119, 255])
    #expect(reason(Array("P5 1 1 15\n".utf8) + [16])?.contains("above maxval") == true)
  }

  @Test func refusesEveryMalformedHeaderWithAReason() {
    let cases: [(String, [UInt8], String)] = [
      ("", [], "magic"),
      ("P6 1 1 255\n", [0, 0, 0], "P6"),
      ("P2 1 1 255\n", [], "plain"),
      ("P5", [], "ends before the width"),
      ("P5 1", [], "ends inside the width"),
      ("P5 x 1 255\n", [0], "width is not"),
      ("P5 0 1 255\n", [], "empty image"),
      ("P5 1 1 0\n", [0], "maxval is 0"),
      ("P5 1 1 65535\n", [0, 0], "16-bit"),
      ("P5 99999 99999 255\n", [], "larger than"),
      ("P5 9999999 1 255\n", [], "absurdly"),
      ("P5 2 2 255\n", [1, 2, 3], "truncated"),
      ("P5 2 2 255x", [1, 2, 3, 4], "not whitespace"),
      ("P5 2 2 # comment without end", [], "header ends"),
    ]
    for (text, tail, expected) in cases {
      let got = reason(Array(text.utf8) + tail)
      #expect(got?.contains(expected) == true, "\(text.debugDescription): \(got ?? "accepted")")
    }
  }
}
