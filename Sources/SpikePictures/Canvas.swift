/// An RGB colour, 8 bits a channel.
public struct Colour: Sendable, Equatable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8

  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
    (self.r, self.g, self.b) = (r, g, b)
  }

  public static let white = Colour(255, 255, 255)
  public static let black = Colour(0, 0, 0)
  public static let grey = Colour(128, 128, 128)
  public static let lightGrey = Colour(210, 210, 210)
  public static let red = Colour(200, 40, 40)
  public static let blue = Colour(40, 80, 200)
  public static let green = Colour(30, 150, 60)
  public static let orange = Colour(230, 130, 20)

  /// Black (0) to white (1), clamped.
  public static func grey(_ level: Double) -> Colour {
    let v = UInt8(max(0, min(255, (255 * level).rounded())))
    return Colour(v, v, v)
  }

  /// White (0) to dark blue (1), clamped: counts on a light page (confusion matrices).
  public static func heat(_ level: Double) -> Colour {
    let t = max(0, min(1, level))
    func mix(_ a: Double, _ b: Double) -> UInt8 { UInt8((a + (b - a) * t).rounded()) }
    return Colour(mix(255, 8), mix(255, 48), mix(255, 107))
  }
}

/// An RGB picture in memory, row-major, 3 bytes a pixel, with the few drawing operations the
/// network's pictures need. Drawing outside the canvas is clipped.
public struct Canvas: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `[(y · width + x) · 3 + channel]`.
  public var pixels: [UInt8]

  /// A canvas filled with `background`.
  public init(width: Int, height: Int, background: Colour = .white) {
    precondition(width > 0 && height > 0, "a canvas needs a size")
    (self.width, self.height) = (width, height)
    pixels = [UInt8](repeating: 0, count: width * height * 3)
    fill(x: 0, y: 0, width: width, height: height, background)
  }

  /// The colour at (x, y).
  public func pixel(_ x: Int, _ y: Int) -> Colour {
    let i = (y * width + x) * 3
    return Colour(pixels[i], pixels[i + 1], pixels[i + 2])
  }

  /// Paints one pixel (clipped).
  public mutating func set(_ x: Int, _ y: Int, _ c: Colour) {
    guard x >= 0, y >= 0, x < width, y < height else { return }
    let i = (y * width + x) * 3
    pixels[i] = c.r
    pixels[i + 1] = c.g
    pixels[i + 2] = c.b
  }

  /// Fills a rectangle.
  public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ c: Colour) {
    for yy in max(0, y)..<min(height, y + h) where w > 0 {
      for xx in max(0, x)..<max(max(0, x), min(width, x + w)) { set(xx, yy, c) }
    }
  }

  /// Outlines a rectangle one pixel wide.
  public mutating func frame(x: Int, y: Int, width w: Int, height h: Int, _ c: Colour) {
    line(x, y, x + w - 1, y, c)
    line(x, y + h - 1, x + w - 1, y + h - 1, c)
    line(x, y, x, y + h - 1, c)
    line(x + w - 1, y, x + w - 1, y + h - 1, c)
  }

  /// A straight line between two pixels, ends included (Bresenham).
  public mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ c: Colour) {
    var x = x0
    var y = y0
    let dx = abs(x1 - x0)
    let dy = -abs(y1 - y0)
    let sx = x0 < x1 ? 1 : -1
    let sy = y0 < y1 ? 1 : -1
    var err = dx + dy
    while true {
      set(x, y, c)
      if x == x1 && y == y1 { return }
      let e2 = 2 * err
      if e2 >= dy {
        err += dy
        x += sx
      }
      if e2 <= dx {
        err += dx
        y += sy
      }
    }
  }

  /// A circle's outline of radius `r` about (cx, cy) (midpoint algorithm).
  public mutating func circle(_ cx: Int, _ cy: Int, _ r: Int, _ c: Colour) {
    var x = r
    var y = 0
    var err = 1 - r
    while x >= y {
      for (a, b) in [(x, y), (y, x), (-y, x), (-x, y), (-x, -y), (-y, -x), (y, -x), (x, -y)] {
        set(cx + a, cy + b, c)
      }
      y += 1
      if err < 0 {
        err += 2 * y + 1
      } else {
        x -= 1
        err += 2 * (y - x) + 1
      }
    }
  }

  /// A filled square dot of side `size` centred on (x, y).
  public mutating func dot(_ x: Int, _ y: Int, size: Int, _ c: Colour) {
    fill(x: x - size / 2, y: y - size / 2, width: size, height: size, c)
  }

  /// Writes `text` with its top-left corner at (x, y) in the 5×7 font, `scale` pixels a dot.
  public mutating func text(_ text: String, x: Int, y: Int, _ c: Colour, scale: Int = 1) {
    var cx = x
    for ch in text {
      let rows = BitmapFont.glyph(ch)
      for (r, bits) in rows.enumerated() {
        for col in 0..<5 where bits & (0x10 >> UInt8(col)) != 0 {
          fill(x: cx + col * scale, y: y + r * scale, width: scale, height: scale, c)
        }
      }
      cx += BitmapFont.advance * scale
    }
  }

  /// Width in pixels of `text` at `scale`.
  public static func textWidth(_ text: String, scale: Int = 1) -> Int {
    text.count * BitmapFont.advance * scale
  }
}
