// Not on the integer path: calibration and quantization of the R-STDP head run offline, on the
// float twin's real values; the integer head they build runs in SpikeCore.

import SpikeCore
import SpikeReference

/// The paper's class populations (docs/ARCHITECTURE.md, "R-STDP class-population head"):
/// `__metadata__.head` `rstdp`. Trained by R-STDP trials of the float twin; calibrated by the
/// float head's largest state; quantized with one per-tensor weight scale and a state shift.
public enum PopulationClassifierHead: ClassifierHead {
  public static let name = "rstdp"
  public static let title = "R-STDP class populations"

  public typealias FloatModel = FloatPopulationHeadModel
  public typealias QuantizedModel = QuantizedPopulationHeadModel
  public typealias Trainer = PopulationTrainer
  public typealias Ranges = PopulationRanges

  /// The front end's layer, then the populations as a spiking layer whose fan-in includes the
  /// pooled event counts, and the feature ring at F features per frame (no attention block).
  public static func footprint(_ p: PipelineConfig, _ c: PopulationHeadConfig) -> NetworkFootprint
  {
    var footprint = p.footprint(
      head: [
        .init(
          name: "class populations", neurons: c.neurons, fanIn: c.features,
          extraInputs: c.features - p.spikeFeatures)
      ],
      attention: nil, classes: c.classes)
    footprint.features = c.features
    return footprint
  }

  public static func refusal(of method: CalibrationMethod) -> String? {
    method == .minMax ? nil : "the R-STDP head is calibrated by its largest state (minmax) only"
  }

  /// The float head's largest state magnitude over every window of every clip.
  public static func calibrate(
    _ model: FloatClassifierModel<PopulationClassifierHead>, clips: ClipSet,
    method: CalibrationMethod, progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> (ranges: PopulationRanges, windows: Int) {
    var pipeline = try model.makePipeline()
    pipeline.head.resetRange()
    var windows = 0
    for c in 0..<clips.clipCount {
      pipeline.reset()
      for f in 0..<clips.framesPerClip where clips.withFrame(c, f, { pipeline.push($0) }) != nil {
        windows += 1
      }
      if (c + 1) % 50 == 0 || c + 1 == clips.clipCount {
        progress("calibrate", c + 1, clips.clipCount, "")
      }
    }
    return (PopulationRanges(stateRange: pipeline.head.stateRange, windows: windows), windows)
  }

  /// Weights: symmetric int8 with one per-tensor scale `s = max|w| / 127`. State: the integer
  /// sum `Σ w_int · x` is `1/s` times the float input, shifted left by `stateShift` for
  /// fraction bits; the shift is the largest (≤ 16) that keeps `ranges.stateRange` (the float
  /// head's largest |input|, |current|, |voltage| on calibration clips) below 2²² in state
  /// units, one bit of headroom under the 24-bit limit. Thresholds and inhibition scale by the
  /// same `2^shift / s`.
  public static func quantize(_ f: FloatPopulationHeadModel, ranges: PopulationRanges)
    throws(QuantizationError) -> QuantizedPopulationHeadModel
  {
    guard ranges.head == name else {
      throw .notRanges(head: name, reason: "they are for head '\(ranges.head)'")
    }
    let largest = f.parameters.weights.reduce(Float(0)) { max($0, abs($1)) }
    guard largest > 0, largest.isFinite else {
      throw .badRange(name: "rstdp.weight", reason: "the head's weights are all zero or not finite")
    }
    guard ranges.stateRange.isFinite, ranges.stateRange > 0 else {
      throw .badRange(name: "rstdp.state", reason: "stateRange is \(ranges.stateRange)")
    }
    let s = largest / 127
    let range = max(Double(ranges.stateRange), Double(f.parameters.thresholds.max() ?? 0))
    var shift = 16
    while shift > 0 && range * Double(1 << shift) / Double(s) >= Double(1 << 22) { shift -= 1 }
    let unit = Double(1 << shift) / Double(s)
    func state(_ x: Float) -> Int32 {
      Int32(min(max((Double(x) * unit).rounded(), 1), Double(Widths.stateMax)))
    }
    let p = f.parameters
    return QuantizedPopulationHeadModel(
      config: f.config,
      parameters: PopulationHeadParameters8(
        weights: p.weights.map { Int8(max(min(($0 / s).rounded(), 127), -127)) },
        thresholds: p.thresholds.map(state),
        inhibition: p.inhibition > 0 ? state(p.inhibition) : 0,
        selfInhibition: p.selfInhibition > 0 ? state(p.selfInhibition) : 0,
        stateShift: shift),
      scale: s)
  }

  public static func quantizationNote(_ head: QuantizedPopulationHeadModel) -> String? {
    "R-STDP head: per-tensor weight scale \(head.scale), state shift "
      + "\(head.parameters.stateShift)"
  }

  /// The populations' spike counts of both heads, each on its own front end's windows.
  public static func errors(
    float: FloatPopulationHeadModel, quantized: QuantizedPopulationHeadModel,
    floatWindows: [[Int8]], integerWindows: [[Int8]]
  ) -> [(name: String, relativeError: Double)] {
    guard var f = try? float.makeHead(), var q = try? quantized.makeHead() else { return [] }
    var counts = RelativeError()
    for (x, y) in zip(floatWindows, integerWindows) {
      _ = f.classify(x)
      _ = q.classify(y)
      for (a, b) in zip(f.counts, q.counts) { counts.add(reference: Double(a), value: Double(b)) }
    }
    return [("head population spikes", counts.value)]
  }
}

/// What `spikecam calibrate` records for an R-STDP model: the float head's largest state
/// magnitude on the calibration clips (it sets the integer state's fraction bits).
public struct PopulationRanges: Sendable, Codable, Equatable {
  /// Always "rstdp" (tells this file from the attention head's ranges).
  public var head: String
  /// Largest |input|, |current| or |voltage| of any output neuron.
  public var stateRange: Float
  /// Windows it was measured on.
  public var windows: Int

  /// Makes a record.
  public init(stateRange: Float, windows: Int) {
    head = PopulationClassifierHead.name
    (self.stateRange, self.windows) = (stateRange, windows)
  }
}
