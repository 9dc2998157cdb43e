// Not on the integer path. Floating point appears here only at the offline float → integer
// edge: `init(float:ranges:)` rounds the float twin's weights and θ and hands the head to
// `AttentionQuantizer`. The model it builds holds integers only, and `makePipeline` runs in
// SpikeCore, which has no floating point at all.

import SpikeCore
import SpikeReference

/// The integer classifier: Int8 synapse weights, integer θ and the int8 attention head. What
/// `spikecam quantize` writes and `spikecam run` loads.
public struct QuantizedClassifierModel: Sendable {
  /// Front end sizes.
  public var pipeline: PipelineConfig
  /// The int8 head with its scales.
  public var head: QuantizedAttentionModel
  /// Connected synapse weights, pre-major, in Int8 weight units.
  public var weights: [Int8]
  /// Adaptive thresholds θ (24-bit in Int32).
  public var theta: [Int32]
  /// Class names, index = class id.
  public var classNames: [String]
  /// Board the model was built for (`__metadata__.board`), kept when it is rewritten.
  public var board: String = "unspecified"
  /// Set when the spiking layer has learned on a device since quantization.
  public var adaptation: OnDeviceAdaptation?

  /// Makes a model value.
  public init(
    pipeline: PipelineConfig, head: QuantizedAttentionModel, weights: [Int8], theta: [Int32],
    classNames: [String]
  ) {
    self.pipeline = pipeline
    self.head = head
    self.weights = weights
    self.theta = theta
    self.classNames = classNames
  }

  /// Quantizes a float model: synapse weights and θ rounded to the nearest integer (they are
  /// already in integer units, so the error is at most half a unit), the head post-training
  /// quantized from `ranges` (input scale 1: features are integer spike counts).
  public init(float f: FloatClassifierModel, ranges: ActivationRanges) throws(QuantizationError) {
    pipeline = f.pipeline
    head = try AttentionQuantizer.quantize(
      config: f.attention, parameters: f.head, ranges: ranges, inputScale: 1)
    (weights, theta) = SynapsePacking.quantize(f.pipeline, weights: f.weights, theta: f.theta)
    classNames = f.classNames
  }

  /// The integer front end with this model's weights and θ (θ frozen).
  public func makeExtractor() throws(ConfigError) -> SpikeFeatureExtractor {
    try SynapsePacking.extractor(pipeline, weights: weights, theta: theta)
  }

  /// The integer pipeline, ready to `push` frames.
  public func makePipeline() throws(ConfigError) -> ClassifierPipeline {
    try ClassifierPipeline(extractor: makeExtractor(), head: head.makeHead())
  }

  /// What the model needs on a board.
  public var footprint: NetworkFootprint { SynapsePacking.footprint(pipeline, head.config) }
}
