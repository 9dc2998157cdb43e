// Not on the integer path: calibration's search runs the float twin and candidate integer heads
// offline and compares their logits (Float/Double) to choose the int8 scales. Nothing here runs
// during inference.

import Foundation
import SpikeCore
import SpikeReference

/// `calibrate --method fidelity`: every activation's bound chosen by what the whole int8 head
/// does with it, not by that activation's own rounding error.
///
/// The per-activation rules (`minmax`, `percentile:P`, `mse`) each trade clipping against step
/// size for one activation alone, but an error early in the block is carried, and sometimes
/// magnified, by every stage after it. Here each activation in turn, in graph order, takes the
/// bound among `max · 2^(−k/4)` (k = 0…`steps − 1`) whose quantized head agrees best with the
/// float head on the calibration windows: the fewest windows with another argmax, then the
/// least relative logit error. The passes start from the closest of the plain rules' bounds
/// (`minmax`, `percentile:99.99`, `99.9`, `99.5`, `mse`) and repeat
/// until no bound moves (at most `passes`): a later pass can undo what an early activation
/// chose to make up for a later one. Windows come from the calibration split only.
struct FidelitySearch {
  /// Candidate bounds per activation: quarter-octave steps below the largest |x|.
  static let steps = 32
  /// Coordinate passes at most.
  static let passes = 3
  /// The rules whose bounds the search may start from: the closest to the float head wins.
  static let startingRules: [CalibrationMethod] = [
    .minMax, .percentile(99.99), .percentile(99.9), .percentile(99.5), .mse,
  ]

  private let head: FloatAttentionHead
  private let windows: [[Int8]]
  /// The float head's logits on every window, and its decisions.
  private let floatLogits: [[Float]]
  private let floatClasses: [Int]

  /// Runs the float head once over `windows` (integer spike counts as the head sees them).
  init(head: FloatAttentionHead, windows: [[Float]]) {
    var f = head
    self.head = head
    self.windows = windows.map { $0.map { quantizeInt8(Double($0)) } }  // input scale 1
    var logits: [[Float]] = []
    var classes: [Int] = []
    for w in windows {
      classes.append(f.classify(w).classIndex)
      logits.append(f.logits)
    }
    (floatLogits, floatClasses) = (logits, classes)
  }

  /// How far the int8 head quantized with `ranges` is from the float head: windows with
  /// another argmax, then `‖logits_int · s − logits_float‖ / ‖logits_float‖`. Nil when the
  /// ranges cannot be quantized.
  func distance(_ ranges: ActivationRanges) -> (disagreements: Int, logitError: Double)? {
    guard
      let model = try? AttentionQuantizer.quantize(
        config: head.config, parameters: head.parameters, ranges: ranges, inputScale: 1)
    else { return nil }
    var q = model.makeHead()
    var disagreements = 0
    var error = 0.0
    var signal = 0.0
    for (i, window) in windows.enumerated() {
      if q.classify(window).classIndex != floatClasses[i] { disagreements += 1 }
      for (x, y) in zip(floatLogits[i], q.logits) {
        let e = Double(y) * model.logitScale - Double(x)
        error += e * e
        signal += Double(x) * Double(x)
      }
    }
    return (disagreements, signal > 0 ? (error / signal).squareRoot() : 0)
  }

  /// The searched bounds (keyed by activation name), from the closest of `starts`; `largest`
  /// holds the top of every activation's ladder, its largest |x|.
  func search(starts: [[String: ActivationRange]], largest: [String: Float])
    -> [String: ActivationRange]
  {
    func score(_ r: [String: ActivationRange]) -> (Int, Double) {
      guard let d = distance(ActivationRanges(method: "search", windows: 0, ranges: r)) else {
        return (Int.max, .infinity)
      }
      return (d.disagreements, d.logitError)
    }
    // Each start scored once: a score quantizes and runs the whole head over every window.
    guard var (ranges, best) = starts.map({ ($0, score($0)) }).min(by: { $0.1 < $1.1 }) else {
      return [:]
    }
    for _ in 0..<Self.passes {
      var moved = false
      for activation in AttentionActivation.allCases {
        let name = activation.rawValue
        guard let top = largest[name], top > 0, ranges[name] != nil else { continue }
        for k in 0..<Self.steps {
          let bound = top * Float(pow(2, -Double(k) / 4))
          if bound == ranges[name]?.bound { continue }
          var trial = ranges
          trial[name]?.bound = bound
          let s = score(trial)
          if s < best {
            (best, ranges, moved) = (s, trial, true)
          }
        }
      }
      if !moved { break }
    }
    return ranges
  }
}
