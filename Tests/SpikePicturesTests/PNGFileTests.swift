import Foundation
import Testing

@testable import SpikePictures

@Suite struct PNGFileTests {
  /// A canvas with every byte value in every channel somewhere, so a round trip checks them all.
  func gradient() -> Canvas {
    var c = Canvas(width: 37, height: 23)
    for y in 0..<c.height {
      for x in 0..<c.width {
        let v = (y * c.width + x) % 256
        c.set(x, y, Colour(UInt8(v), UInt8(255 - v), UInt8((v * 7) % 256)))
      }
    }
    return c
  }

  @Test func encodesPNGThatLibpngDecodesToTheSamePixels() throws {
    let canvas = gradient()
    let bytes = try PNGFile.encode(canvas)
    #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    // IHDR: width and height big-endian at bytes 16 and 20, bit depth 8, colour type 2 (RGB).
    func be32(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
    #expect(be32(16) == 37 && be32(20) == 23 && bytes[24] == 8 && bytes[25] == 2)
    #expect(try PNGFile.decode(bytes) == canvas)
  }

  @Test func writesAtomicallyAndRefusesAFolderThatIsNotThere() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("png-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("a.png").path
    try PNGFile.write(gradient(), to: path)
    let back = try PNGFile.decode([UInt8](FileManager.default.contents(atPath: path)!))
    #expect(back == gradient())
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.png"])
    #expect(throws: PictureError.self) { try PNGFile.write(gradient(), to: dir.path + "/missing/b.png") }
  }

  @Test func refusesBytesThatAreNotAPNG() {
    #expect(throws: PictureError.self) { try PNGFile.decode([1, 2, 3, 4, 5, 6, 7, 8, 9]) }
    #expect(throws: PictureError.self) { try PNGFile.decode([]) }
  }
}

@Suite struct CanvasTests {
  @Test func linesReachBothEndsAndClipOutside() {
    var c = Canvas(width: 10, height: 10)
    c.line(1, 1, 8, 5, .black)
    #expect(c.pixel(1, 1) == .black && c.pixel(8, 5) == .black)
    c.line(-5, -5, 20, 20, .red)  // clipped, no crash
    #expect(c.pixel(9, 9) == .red && c.pixel(0, 0) == .red)
  }

  @Test func textDrawsTheGlyphDots() {
    var c = Canvas(width: 20, height: 10)
    c.text("I", x: 0, y: 0, .black)
    // "I" is a 3-dot bar on top and bottom and a 5-dot stem: 11 dots.
    var dots = 0
    for y in 0..<10 { for x in 0..<20 where c.pixel(x, y) == .black { dots += 1 } }
    #expect(dots == 11)
    #expect(Canvas.textWidth("ABC") == 18)
    // Lower case draws as capitals; unknown characters as "?".
    var a = Canvas(width: 6, height: 7)
    var b = Canvas(width: 6, height: 7)
    a.text("q", x: 0, y: 0, .black)
    b.text("Q", x: 0, y: 0, .black)
    #expect(a == b)
    a.text("€", x: 0, y: 0, .white)
    b = Canvas(width: 6, height: 7)
    b.text("€", x: 0, y: 0, .white)
    var q = Canvas(width: 6, height: 7)
    q.text("?", x: 0, y: 0, .white)
    #expect(b == q)
  }

  @Test func polarPlotPointsTheWayTheStimulusMoves() {
    // Only rightward (0) and upward (2) responses: the curve reaches the circle there.
    var c = Canvas(width: 41, height: 41)
    TuningPicture.polar([([4, 0, 4, 0, 0, 0, 0, 0], .blue)], into: &c, cx: 20, cy: 20, r: 20)
    #expect(c.pixel(40, 20) == .blue)  // right
    #expect(c.pixel(20, 0) == .blue)  // up is towards row 0
    #expect(c.pixel(0, 20) != .blue)  // left: no response
  }

  @Test func confusionCellsShadeByTheRowShare() {
    let p = ConfusionPicture(matrix: [[9, 1], [0, 10]], names: ["a", "b"], title: "T").picture()
    #expect(p.width > 80 && p.height > 80)
    // The full cell (row b, column b) is darker than the 10 % cell (row a, column b).
    var darkest = 255
    var lightest = 0
    for y in 0..<p.height {
      for x in 0..<p.width where p.pixel(x, y).r < 20 { darkest = min(darkest, Int(p.pixel(x, y).r)) }
      for x in 0..<p.width where p.pixel(x, y).g > 200 && p.pixel(x, y).g < 240 {
        lightest = max(lightest, Int(p.pixel(x, y).g))
      }
    }
    #expect(darkest < 20 && lightest > 200)
  }
}

/// The titles' characters all have glyphs: an unknown one is drawn as "?", which a reader
/// would take for a question.
@Suite struct BitmapFontTests {
  @Test func everyCharacterOfTheTitlesIsDrawn() throws {
    let titles = [
      "ROWS: TRUE CLASS; CELLS: CLIPS (SHADE: SHARE OF THE ROW)",
      "MEMBRANE VOLTAGE (BLUE) AGAINST THRESHOLD (RED); TICKS: SPIKES",
      "GREEN FRAME: DIRECTION INDEX >= 0.5; NEURONS LEFT TO RIGHT, TOP TO BOTTOM",
    ]
    func drawn(_ text: String) -> Canvas {
      var c = Canvas(width: 8 * text.count + 8, height: 12)
      c.text(text, x: 0, y: 0, .black)
      return c
    }
    for title in titles {
      for ch in title where ch != "?" {
        #expect(drawn(String(ch)) != drawn("?"), "'\(ch)' has no glyph in \(title)")
      }
    }
  }
}
