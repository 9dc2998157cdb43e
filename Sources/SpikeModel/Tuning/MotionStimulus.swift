import SpikeCore

/// Moving test patterns for measuring what a front end's neurons respond to, as a physiologist
/// would: gratings and bars drifting in 8 directions, rings that expand or contract, and a
/// pinwheel that turns. Integer arithmetic only, so a frame is the same bytes on every machine.
///
/// Directions are numbered 0…7 in 45° steps counter-clockwise from rightward, with screen up at
/// 90° (direction 2); direction `d + 4` is `d`'s opposite (its null direction).
public struct MotionStimulus: Sendable, Equatable {
  /// What moves.
  public enum Pattern: Sendable, Equatable {
    /// A triangle-wave luminance grating of `period` pixels drifting in `direction`.
    case grating(direction: Int)
    /// A light bar `barWidth` pixels wide on a dark field sweeping across it in `direction`.
    case bar(direction: Int)
    /// Concentric rings `period` pixels apart, moving outward (expanding) or inward.
    case rings(expanding: Bool)
    /// Eight light and dark spokes turning about the centre.
    case pinwheel(clockwise: Bool)
  }

  /// The pattern.
  public var pattern: Pattern
  /// Spatial period in pixels (gratings, rings).
  public var period: Int
  /// Speed in pixels per frame (the pinwheel's at 16 pixels from the centre).
  public var speed: Int
  /// Bar width in pixels.
  public var barWidth: Int

  /// Creates a stimulus.
  public init(_ pattern: Pattern, period: Int = 16, speed: Int = 2, barWidth: Int = 4) {
    (self.pattern, self.period, self.speed, self.barWidth) = (pattern, period, speed, barWidth)
  }

  /// Q12 unit vectors of the 8 directions: (cos, sin), y up.
  static let unit: [(Int, Int)] = [
    (4096, 0), (2896, 2896), (0, 4096), (-2896, 2896), (-4096, 0), (-2896, -2896), (0, -4096),
    (2896, -2896),
  ]
  /// Grey levels of the bar and its field.
  static let light = 215
  static let dark = 40

  /// Frames a presentation lasts on a `width × height` field: a bar's whole sweep across it,
  /// else `frames`.
  public func frameCount(width: Int, height: Int, frames: Int) -> Int {
    guard case .bar = pattern else { return frames }
    return (2 * sweepRadius(width, height) + barWidth) / max(1, speed) + 2
  }

  /// Half the field's diagonal, rounded up: a bar starting this far from the centre is off it.
  func sweepRadius(_ width: Int, _ height: Int) -> Int {
    Int(IntegerSquareRoot.floor(UInt64(width * width + height * height))) / 2 + 1
  }

  /// Writes frame `f` (`width × height` luma, row-major) into `out`.
  public func frame(_ f: Int, width: Int, height: Int, into out: UnsafeMutableBufferPointer<UInt8>) {
    precondition(out.count >= width * height, "frame buffer too small")
    // Pixel centres in half pixels from the field's centre, y up: one pixel is 2 · 4096 units
    // of a Q12 projection.
    let pixel = 8192
    for y in 0..<height {
      for x in 0..<width {
        let dx = 2 * x + 1 - width
        let dy = height - 2 * y - 1
        let value: Int
        switch pattern {
        case .grating(let d):
          let (c, s) = Self.unit[d & 7]
          value = Self.triangle(dx * c + dy * s - speed * f * pixel, period: period * pixel)
        case .bar(let d):
          let (c, s) = Self.unit[d & 7]
          let start = (barWidth + sweepRadius(width, height) - speed * f) * pixel
          let along = dx * c + dy * s + start
          value = along >= 0 && along < barWidth * pixel ? Self.light : Self.dark
        case .rings(let expanding):
          // Radius in 1/16 pixel: 8 · (half-pixel radius).
          let r = Int(IntegerSquareRoot.floor(UInt64(64 * (dx * dx + dy * dy))))
          let shift = speed * f * 16
          value = Self.triangle(expanding ? r - shift : r + shift, period: period * 16)
        case .pinwheel(let clockwise):
          // 8 spokes; ω turns the pattern `speed` pixels per frame at 16 pixels out
          // (65536 / (2π · 16) ≈ 652 angle units per pixel).
          let a = Self.angle(dx, dy)
          let turn = speed * f * 652
          value = Self.triangle(clockwise ? a + turn : a - turn, period: 8192)
        }
        out[y * width + x] = UInt8(value)
      }
    }
  }

  /// A triangle wave of `period` units, 255 at 0 and 0 at half a period.
  static func triangle(_ u: Int, period: Int) -> Int {
    let m = ((u % period) + period) % period
    return 255 * abs(2 * m - period) / period
  }

  /// CORDIC arctangent steps, atan(2⁻ⁱ) in 1/65536 of a turn.
  static let arctangents = [8192, 4836, 2555, 1297, 651, 326, 163, 81, 41, 20, 10, 5, 3, 1, 1, 0]

  /// The angle of (x, y) in 1/65536 of a turn, counter-clockwise from +x (0…65535).
  static func angle(_ x0: Int, _ y0: Int) -> Int {
    var x = x0 << 12
    var y = y0 << 12
    var a = 0
    if x < 0 {
      x = -x
      y = -y
      a = 32768
    }
    for (i, step) in arctangents.enumerated() {
      let (nx, ny) = y > 0 ? (x + (y >> i), y - (x >> i)) : (x - (y >> i), y + (x >> i))
      a += y > 0 ? step : -step
      x = nx
      y = ny
    }
    return a & 0xFFFF
  }
}
