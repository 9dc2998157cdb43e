// Quantization runs offline, at the float → integer edge: Float/Double here hold the float model,
// its real scales and error reports. The integer inference path (SpikeCore) never sees them.

import Foundation
import SpikeCore
import SpikeReference

/// Per-layer error of the int8 head against its float twin, so a user sees where precision goes.
public struct QuantizationReport: Sendable {
  /// One layer's error over all windows.
  public struct Row: Sendable {
    /// Activation name.
    public var name: String
    /// `‖q·s − f‖ / ‖f‖` over every element of every window.
    public var relativeError: Double
    /// Largest `|q·s − f|`.
    public var maxAbsError: Double
    /// The int8 step `s`.
    public var scale: Double
  }

  /// Rows in graph order, then `probabilities` and `logits`.
  public var rows: [Row]
  /// Windows compared.
  public var windows: Int
  /// Fraction of windows where both heads pick the same class.
  public var agreement: Double

  /// Runs both heads over `windows` and measures every activation.
  public init(
    float: FloatAttentionHead, quantized model: QuantizedAttentionModel, windows: [[Float]]
  ) {
    var f = float
    var q = model.makeHead()
    var input = [Int8](repeating: 0, count: model.config.tokens * model.config.features)
    let names = AttentionActivation.allCases.map(\.rawValue) + ["probabilities", "logits"]
    var errorSquares = [Double](repeating: 0, count: names.count)
    var signalSquares = [Double](repeating: 0, count: names.count)
    var maxError = [Double](repeating: 0, count: names.count)
    var agree = 0
    func add(_ i: Int, _ reference: Float, _ approx: Double) {
      let e = approx - Double(reference)
      errorSquares[i] += e * e
      signalSquares[i] += Double(reference) * Double(reference)
      maxError[i] = max(maxError[i], abs(e))
    }
    for window in windows {
      let fd = f.classify(window)
      model.quantizeInput(window, into: &input)
      let qd = q.classify(input)
      agree += fd.classIndex == qd.classIndex ? 1 : 0
      for (i, a) in AttentionActivation.allCases.enumerated() {
        let s = model.scales[a] ?? 1
        for (x, y) in zip(a.values(of: f), a.values(of: q)) { add(i, x, Double(y) * s) }
      }
      for (x, y) in zip(f.probabilities, q.probabilities) {
        add(names.count - 2, x, Double(y) / 32768)
      }
      for (x, y) in zip(f.logits, q.logits) {
        add(names.count - 1, x, Double(y) * model.logitScale)
      }
    }
    var scales = AttentionActivation.allCases.map { model.scales[$0] ?? 1 }
    scales += [1.0 / 32768, model.logitScale]
    rows = names.indices.map { i in
      Row(
        name: names[i],
        relativeError: signalSquares[i] > 0 ? (errorSquares[i] / signalSquares[i]).squareRoot() : 0,
        maxAbsError: maxError[i], scale: scales[i])
    }
    self.windows = windows.count
    agreement = windows.isEmpty ? 1 : Double(agree) / Double(windows.count)
  }

  /// A fixed-width table for terminals and logs.
  public var table: String {
    var text = "layer            rel.err    max|err|   step\n"
    for r in rows {
      let name = r.name.padding(toLength: 16, withPad: " ", startingAt: 0)
      text += "\(name) \(fmt(r.relativeError)) \(fmt(r.maxAbsError)) \(fmt(r.scale))\n"
    }
    text += "argmax agreement \(fmt(agreement)) over \(windows) windows\n"
    return text
  }
}

private func fmt(_ x: Double) -> String {
  let s = String(format: "%.3e", x)
  return s.padding(toLength: 10, withPad: " ", startingAt: 0)
}
