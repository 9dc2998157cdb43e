import Foundation

/// Direction tuning curves as polar plots: for each neuron, its spikes to gratings (blue) and
/// bars (orange) drifting in 8 directions, each curve scaled to its own largest response; a
/// green frame marks a direction-selective neuron (index ≥ 0.5 to gratings). Direction 0 points
/// right and direction 2 up, as the stimuli move.
public struct TuningPicture: Sendable {
  /// Spikes per direction (8) per neuron, to gratings.
  public var gratings: [[Int]]
  /// The same to bars.
  public var bars: [[Int]]
  /// Direction selectivity per neuron (nil: silent).
  public var indices: [Double?]

  public init(gratings: [[Int]], bars: [[Int]], indices: [Double?]) {
    (self.gratings, self.bars, self.indices) = (gratings, bars, indices)
  }

  /// One polar plot of radius `r` about (cx, cy).
  static func polar(
    _ curves: [([Int], Colour)], into canvas: inout Canvas, cx: Int, cy: Int, r: Int
  ) {
    canvas.circle(cx, cy, r, .lightGrey)
    canvas.line(cx - r, cy, cx + r, cy, .lightGrey)
    canvas.line(cx, cy - r, cx, cy + r, .lightGrey)
    for (curve, colour) in curves {
      let top = max(1, curve.max() ?? 1)
      let points = (0..<8).map { d -> (Int, Int) in
        let a = Double(d) * Double.pi / 4
        let len = Double(r) * Double(curve[d]) / Double(top)
        return (cx + Int((len * cos(a)).rounded()), cy - Int((len * sin(a)).rounded()))
      }
      for d in 0..<8 {
        let (x0, y0) = points[d]
        let (x1, y1) = points[(d + 1) % 8]
        canvas.line(x0, y0, x1, y1, colour)
      }
    }
  }

  /// Every neuron, `perRow` to a row, `tile` pixels a plot.
  public func picture(tile: Int = 40, perRow: Int = 32) -> Canvas {
    let header = 30
    let rows = (gratings.count + perRow - 1) / perRow
    var canvas = Canvas(width: max(perRow * tile, 480), height: header + rows * tile)
    canvas.text("DIRECTION TUNING: GRATINGS (BLUE), BARS (ORANGE)", x: 4, y: 4, .black)
    canvas.text("GREEN FRAME: DIRECTION INDEX >= 0.5; NEURONS LEFT TO RIGHT, TOP TO BOTTOM", x: 4, y: 16, .black)
    for n in gratings.indices {
      let x = (n % perRow) * tile
      let y = header + (n / perRow) * tile
      if let i = indices[n], i >= 0.5 { canvas.frame(x: x, y: y, width: tile, height: tile, .green) }
      Self.polar(
        [(gratings[n], .blue), (bars[n], .orange)], into: &canvas, cx: x + tile / 2,
        cy: y + tile / 2, r: tile / 2 - 3)
    }
    return canvas
  }

  /// A few neurons, large, with their index.
  public func neuronsPicture(_ neurons: [Int], tile: Int = 150) -> Canvas {
    let label = 14
    let across = min(4, max(1, neurons.count))
    let rows = (neurons.count + across - 1) / across
    var canvas = Canvas(width: across * tile, height: 30 + rows * (tile + label))
    canvas.text("DIRECTION TUNING: GRATINGS (BLUE), BARS (ORANGE)", x: 4, y: 4, .black)
    canvas.text("DI = (R_PREF - R_NULL) / (R_PREF + R_NULL), GRATINGS", x: 4, y: 16, .black)
    for (k, n) in neurons.enumerated() {
      let x = (k % across) * tile
      let y = 30 + (k / across) * (tile + label)
      let di = indices[n].map { String(format: "%.2f", $0) } ?? "SILENT"
      canvas.text("NEURON \(n)  DI \(di)", x: x + 4, y: y, .black)
      Self.polar(
        [(gratings[n], .blue), (bars[n], .orange)], into: &canvas, cx: x + tile / 2,
        cy: y + label + tile / 2, r: tile / 2 - 8)
    }
    return canvas
  }

  /// The selective neurons' preferred directions as a polar histogram.
  public static func preferredDirections(_ counts: [Int], title: String, size: Int = 220) -> Canvas {
    var canvas = Canvas(width: size, height: size + 20)
    canvas.text(title, x: 4, y: 4, .black)
    let c = size / 2
    polar([(counts, .blue)], into: &canvas, cx: c, cy: 20 + c, r: c - 24)
    for d in 0..<8 {
      let a = Double(d) * Double.pi / 4
      let x = c + Int((Double(c - 12) * cos(a)).rounded())
      let y = 20 + c - Int((Double(c - 12) * sin(a)).rounded())
      canvas.text("\(counts[d])", x: x - 6, y: y - 3, .black)
    }
    return canvas
  }
}
