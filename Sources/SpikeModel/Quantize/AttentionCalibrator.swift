// Not on the integer path: calibration runs the float twin over sample windows and records
// real activation ranges (Float), from which quantization derives the integer scales offline.
// Nothing here runs during inference.

import Foundation
import SpikeCore
import SpikeReference

/// Observed range of one activation over the calibration windows.
public struct ActivationRange: Codable, Sendable, Equatable {
  /// Smallest and largest value seen.
  public var min, max: Float
  /// The |x| bound the scale is built from (max |x|, or a percentile of |x|).
  public var bound: Float
}

/// Calibration result: one range per activation, written as `RANGES.json` by `spikecam calibrate`.
public struct ActivationRanges: Codable, Sendable, Equatable {
  /// `"minmax"` or `"percentile:P"`.
  public var method: String
  /// Windows that were run.
  public var windows: Int
  /// Keyed by `AttentionActivation.rawValue`.
  public var ranges: [String: ActivationRange]
  /// Bits of the head's activations (`calibrate --activation-bits`): absent for int8, so int8
  /// ranges files keep their bytes.
  public var activationBits: Int? = nil

  /// The activations' width the ranges ask for.
  public func activations() throws(QuantizationError) -> ActivationWidth {
    guard let bits = activationBits else { return .int8 }
    guard let width = ActivationWidth(bits: bits) else {
      throw .badRange(
        name: "activationBits",
        reason: "is \(bits); the head runs \(ActivationWidth.choices) bits")
    }
    return width
  }

  /// The symmetric scale `bound / upper` of `activation` (upper = 127 for int8, 2047 for
  /// 12-bit activations).
  public func scale(_ activation: AttentionActivation) throws(QuantizationError) -> Double {
    guard let range = ranges[activation.rawValue] else {
      throw .badRange(name: activation.rawValue, reason: "missing")
    }
    guard range.bound.isFinite, range.bound >= 0 else {
      throw .badRange(name: activation.rawValue, reason: "bound \(range.bound) is not usable")
    }
    // An activation that never moved still needs a positive scale.
    return Double(Swift.max(range.bound, 1e-6)) / Double(try activations().upper)
  }
}

/// How calibration bounds an activation (`calibrate --method`): the attention head takes
/// every method, the R-STDP head `minMax` only.
public enum CalibrationMethod: Sendable, Equatable {
  /// The largest |x| seen.
  case minMax
  /// The given percentile (e.g. 99.99) of |x|: clips rare outliers for finer steps.
  case percentile(Double)
  /// Per activation, the bound whose int8 quantization has the least mean squared error on
  /// the calibration values (clipping error traded against step size, searched in 1/16-octave
  /// steps below the largest |x|): heavy-tailed activations get finer steps without a
  /// percentile chosen by hand.
  case mse
  /// Per activation, the bound that leaves the whole int8 head closest to the float head on
  /// the calibration windows (fewest argmax changes, then least logit error), searched in
  /// graph order from the closest of the other rules' bounds (`FidelitySearch`).
  case fidelity
}

/// Runs the float head over sample windows and records activation ranges.
public struct AttentionCalibrator {
  /// The chosen method.
  public var method: CalibrationMethod
  /// Factor applied to every bound: above 1 leaves room for inputs livelier than the samples
  /// (clipping costs more than a fraction of a bit of resolution).
  public var headroom: Float

  /// A calibrator using `method` and `headroom`.
  public init(method: CalibrationMethod = .minMax, headroom: Float = 1) {
    (self.method, self.headroom) = (method, headroom)
  }

  /// Runs `head` on every window and returns the ranges.
  public func calibrate(_ head: FloatAttentionHead, windows: [[Float]]) -> ActivationRanges {
    var head = head
    var lows = [Float](repeating: .infinity, count: AttentionActivation.allCases.count)
    var highs = [Float](repeating: -.infinity, count: AttentionActivation.allCases.count)
    var magnitudes = [[Float]](repeating: [], count: AttentionActivation.allCases.count)
    for window in windows {
      head.forward(window)
      for (a, activation) in AttentionActivation.allCases.enumerated() {
        for x in activation.values(of: head) {
          lows[a] = Swift.min(lows[a], x)
          highs[a] = Swift.max(highs[a], x)
          if method != .minMax { magnitudes[a].append(abs(x)) }
        }
      }
    }
    for a in magnitudes.indices { magnitudes[a].sort() }
    // One rule's bounds for every activation (fidelity searches from the plain rules').
    func ranges(_ rule: CalibrationMethod) -> [String: ActivationRange] {
      var ranges: [String: ActivationRange] = [:]
      for (a, activation) in AttentionActivation.allCases.enumerated() {
        var bound = Swift.max(abs(lows[a]), abs(highs[a]))
        let sorted = magnitudes[a]
        if case .percentile(let p) = rule, !sorted.isEmpty {
          let index = Int((p / 100 * Double(sorted.count - 1)).rounded())
          bound = sorted[Swift.min(Swift.max(index, 0), sorted.count - 1)]
        }
        if rule == .mse, bound > 0 {
          bound = Self.leastSquaredErrorBound(sorted, max: bound)
        }
        ranges[activation.rawValue] = ActivationRange(
          min: lows[a], max: highs[a], bound: bound * headroom)
      }
      return ranges
    }
    let chosen: [String: ActivationRange]
    if method == .fidelity {
      chosen = FidelitySearch(head: head, windows: windows).search(
        starts: FidelitySearch.startingRules.map(ranges),
        largest: ranges(.minMax).mapValues(\.bound))
    } else {
      chosen = ranges(method)
    }
    var name: String
    switch method {
    case .minMax: name = "minmax"
    case .percentile(let p): name = "percentile:\(p)"
    case .mse: name = "mse"
    case .fidelity: name = "fidelity"
    }
    if headroom != 1 { name += " headroom:\(headroom)" }
    return ActivationRanges(method: name, windows: windows.count, ranges: chosen)
  }

  /// The bound in `max · 2^(−k/16)`, k = 0…95, with the least squared error of symmetric int8
  /// quantization (round to nearest, saturate at ±127 steps) over `magnitudes`.
  static func leastSquaredErrorBound(_ magnitudes: [Float], max: Float) -> Float {
    var best = max
    var bestError = Double.infinity
    for k in 0..<96 {
      let bound = max * Float(pow(2, -Double(k) / 16))
      let step = Double(bound) / 127
      var error = 0.0
      for m in magnitudes {
        let x = Double(m)
        let q = Swift.min((x / step).rounded(), 127) * step
        error += (x - q) * (x - q)
      }
      if error < bestError {
        bestError = error
        best = bound
      }
    }
    return best
  }
}
