/// A spike raster: one row per neuron, one column per step, a dot per spike; above it, the
/// input spikes per step; light lines between frames.
public struct RasterPicture: Sendable {
  /// Spike steps per neuron.
  public var spikes: [[Int]]
  /// Steps recorded.
  public var steps: Int
  /// Steps per frame (T).
  public var stepsPerFrame: Int
  /// Input spikes per step.
  public var inputSpikes: [Int]
  /// A title line.
  public var title: String

  public init(spikes: [[Int]], steps: Int, stepsPerFrame: Int, inputSpikes: [Int], title: String) {
    (self.spikes, self.steps, self.stepsPerFrame, self.inputSpikes, self.title) =
      (spikes, steps, stepsPerFrame, inputSpikes, title)
  }

  public func picture() -> Canvas {
    let sx = max(1, 1024 / max(1, steps))
    let sy = spikes.count <= 256 ? 2 : 1
    let left = 40
    let top = 30
    let strip = 60
    let width = left + steps * sx + 10
    let height = top + strip + 8 + spikes.count * sy + 20
    var canvas = Canvas(width: width, height: height)
    canvas.text(title, x: 4, y: 4, .black)
    canvas.text("INPUT SPIKES PER STEP (TOP), SPIKES PER NEURON (ROWS), FRAMES BETWEEN GREY LINES", x: 4, y: 16, .black)
    let peak = max(1, inputSpikes.max() ?? 1)
    for t in 0..<min(steps, inputSpikes.count) {
      let h = strip * inputSpikes[t] / peak
      canvas.fill(x: left + t * sx, y: top + strip - h, width: sx, height: h, .grey)
    }
    canvas.text("\(peak)", x: 2, y: top, .black)
    let y0 = top + strip + 8
    for f in 0...(steps / max(1, stepsPerFrame)) {
      let x = left + f * stepsPerFrame * sx
      canvas.line(x, top, x, y0 + spikes.count * sy, .lightGrey)
    }
    for (n, list) in spikes.enumerated() {
      for t in list where t < steps {
        canvas.fill(x: left + t * sx, y: y0 + n * sy, width: sx, height: sy, .black)
      }
    }
    canvas.text("0", x: 2, y: y0, .black)
    canvas.text("\(spikes.count - 1)", x: 2, y: y0 + spikes.count * sy - 7, .black)
    canvas.text("STEP 0", x: left, y: height - 10, .black)
    canvas.text("\(steps)", x: left + steps * sx - 18, y: height - 10, .black)
    return canvas
  }
}

/// Membrane traces: one panel per watched neuron, its voltage (blue) against its threshold
/// vTh + θ (red), a tick on top for each spike.
public struct TracePicture: Sendable {
  /// Voltage per step, per watched neuron.
  public var voltages: [[Int]]
  /// Threshold (vTh + θ) per watched neuron.
  public var thresholds: [Int]
  /// Spike steps per watched neuron.
  public var spikes: [[Int]]
  /// A label per watched neuron.
  public var names: [String]
  /// Steps per frame (T).
  public var stepsPerFrame: Int

  public init(
    voltages: [[Int]], thresholds: [Int], spikes: [[Int]], names: [String], stepsPerFrame: Int
  ) {
    (self.voltages, self.thresholds, self.spikes, self.names, self.stepsPerFrame) =
      (voltages, thresholds, spikes, names, stepsPerFrame)
  }

  public func picture() -> Canvas {
    let steps = voltages.map(\.count).max() ?? 1
    let sx = max(1, 1024 / max(1, steps))
    let panel = 110
    let left = 10
    var canvas = Canvas(width: left + steps * sx + 10, height: 20 + voltages.count * (panel + 18))
    canvas.text("MEMBRANE VOLTAGE (BLUE) AGAINST THRESHOLD (RED); TICKS: SPIKES", x: 4, y: 4, .black)
    for (k, v) in voltages.enumerated() {
      let y0 = 20 + k * (panel + 18)
      canvas.text(names[k], x: left, y: y0, .black)
      let top = y0 + 12
      let hi = max(thresholds[k], v.max() ?? 1, 1)
      let lo = min(0, v.min() ?? 0)
      func y(_ value: Int) -> Int { top + 8 + (panel - 10) * (hi - value) / max(1, hi - lo) }
      canvas.frame(x: left, y: top, width: steps * sx, height: panel, .lightGrey)
      for f in 0...(steps / max(1, stepsPerFrame)) {
        let x = left + f * stepsPerFrame * sx
        canvas.line(x, top, x, top + panel - 1, .lightGrey)
      }
      canvas.line(left, y(thresholds[k]), left + steps * sx - 1, y(thresholds[k]), .red)
      for t in 1..<max(1, v.count) {
        canvas.line(left + (t - 1) * sx, y(v[t - 1]), left + t * sx, y(v[t]), .blue)
      }
      for t in spikes[k] where t < steps {
        canvas.line(left + t * sx, top + 1, left + t * sx, top + 7, .black)
      }
    }
    return canvas
  }
}
