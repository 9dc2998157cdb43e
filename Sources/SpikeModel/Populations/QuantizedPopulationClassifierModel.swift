// Not on the integer path. Floating point appears here only at the offline float → integer
// edge: `init(float:ranges:)` picks the head's weight scale and state shift from the float
// twin. `scale` is kept for reporting and dequantizing (`inspect`, the model file's
// `rstdp.scale`); inference (`makePipeline`, SpikeCore) never reads it and has no floating point.

import SpikeCore
import SpikeReference

/// The integer classifier with the paper's head: Int8 front-end weights and θ as in
/// `QuantizedClassifierModel`, and the populations' Int8 weights with integer thresholds.
public struct QuantizedPopulationClassifierModel: Sendable {
  /// Front end sizes.
  public var pipeline: PipelineConfig
  /// Head sizes.
  public var config: PopulationHeadConfig
  /// Head weights, thresholds, inhibition and shift.
  public var head: PopulationHeadParameters8
  /// Real value of one head weight unit (per tensor): float weight ≈ scale · int8 weight.
  public var scale: Float
  /// Connected front-end synapse weights, pre-major.
  public var weights: [Int8]
  /// Front-end θ (24-bit in Int32).
  public var theta: [Int32]
  /// Class names, index = class id.
  public var classNames: [String]

  /// Makes a model value.
  public init(
    pipeline: PipelineConfig, config: PopulationHeadConfig, head: PopulationHeadParameters8,
    scale: Float, weights: [Int8], theta: [Int32], classNames: [String]
  ) {
    self.pipeline = pipeline
    self.config = config
    self.head = head
    self.scale = scale
    self.weights = weights
    self.theta = theta
    self.classNames = classNames
  }

  /// Quantizes a float model. Head weights: symmetric int8 with one per-tensor scale
  /// `s = max|w| / 127`. State: the integer sum `Σ w_int · x` is `1/s` times the float input,
  /// shifted left by `stateShift` for fraction bits; the shift is the largest (≤ 16) that keeps
  /// `ranges.stateRange` (the float head's largest |input|, |current|, |voltage| on calibration
  /// clips) below 2²² in state units, one bit of headroom under the 24-bit limit. Thresholds and
  /// inhibition scale by the same `2^shift / s`. The front end rounds as in
  /// `QuantizedClassifierModel` (its values are already in integer units).
  public init(float f: FloatPopulationClassifierModel, ranges: PopulationRanges)
    throws(QuantizationError)
  {
    pipeline = f.pipeline
    config = f.config
    let largest = f.head.weights.reduce(Float(0)) { max($0, abs($1)) }
    guard largest > 0, largest.isFinite else {
      throw .badRange(name: "rstdp.weight", reason: "the head's weights are all zero or not finite")
    }
    guard ranges.stateRange.isFinite, ranges.stateRange > 0 else {
      throw .badRange(name: "rstdp.state", reason: "stateRange is \(ranges.stateRange)")
    }
    let s = largest / 127
    let range = max(Double(ranges.stateRange), Double(f.head.thresholds.max() ?? 0))
    var shift = 16
    while shift > 0 && range * Double(1 << shift) / Double(s) >= Double(1 << 22) { shift -= 1 }
    let unit = Double(1 << shift) / Double(s)
    func state(_ x: Float) -> Int32 {
      Int32(min(max((Double(x) * unit).rounded(), 1), Double(Widths.stateMax)))
    }
    head = PopulationHeadParameters8(
      weights: f.head.weights.map { Int8(max(min(($0 / s).rounded(), 127), -127)) },
      thresholds: f.head.thresholds.map(state),
      inhibition: f.head.inhibition > 0 ? state(f.head.inhibition) : 0,
      selfInhibition: f.head.selfInhibition > 0 ? state(f.head.selfInhibition) : 0,
      stateShift: shift)
    scale = s
    (weights, theta) = SynapsePacking.quantize(f.pipeline, weights: f.weights, theta: f.theta)
    classNames = f.classNames
  }

  /// The integer front end with this model's weights and θ (θ frozen).
  public func makeExtractor() throws(ConfigError) -> SpikeFeatureExtractor {
    try SynapsePacking.extractor(pipeline, weights: weights, theta: theta)
  }

  /// The integer pipeline, ready to `push` frames.
  public func makePipeline() throws(ConfigError) -> PopulationClassifierPipeline {
    try PopulationClassifierPipeline(
      extractor: makeExtractor(), head: PopulationHead(config: config, parameters: head))
  }

  /// What the model needs on a board.
  public var footprint: NetworkFootprint { PopulationFootprint.of(pipeline, config) }
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
    head = "rstdp"
    self.stateRange = stateRange
    self.windows = windows
  }
}
