import Foundation
import SpikeCore
import SpikeReference

/// A head's sizes, as `__metadata__.config` stores them.
public protocol HeadConfig: Sendable, Equatable, Codable {
  /// Frames per window, K.
  var tokens: Int { get }
  /// Features per frame, F.
  var features: Int { get }
  /// Classes.
  var classes: Int { get }
  /// The sizes on one line, for `inspect` (`K=15 F=640 …`).
  var summary: String { get }
  /// The sizes as `inspect --json` prints them.
  var summaryJSON: [String: Int] { get }
}

/// A head's learned values and sizes as a model file holds them, float (what training writes)
/// or integer (what quantization writes): it builds the running head and reads and writes its
/// own tensors and metadata.
public protocol HeadModel: Sendable {
  /// The head's sizes.
  associatedtype Config: HeadConfig
  /// The head that runs in a `ClassifierPipeline`.
  associatedtype Runtime: WindowHead
  /// Sizes.
  var config: Config { get }
  /// A ready-to-run head.
  func makeHead() throws(ConfigError) -> Runtime
  /// Adds the head's tensors, and any metadata keys of its own beside the common ones
  /// (`ClassifierModelFile.metadata`), to a classifier file.
  func write(to w: inout SafetensorsWriter)
  /// Reads the head from a classifier file of this head and kind (the common header is
  /// checked), checking every value.
  static func read(_ file: SafetensorsFile) throws(ModelError) -> Self
  /// This model with the learned values of `head`, a running head built from it that learned
  /// on the device (`WindowHead.learnsFromLabels`); a head that does not learn is itself.
  func learned(from head: Runtime) -> Self
}

extension HeadModel {
  public func learned(from head: Runtime) -> Self { self }
}

/// One kind of classifier head behind the spiking front end: its float and integer models and
/// how training, calibration, quantization and evaluation treat it. Each head lives in its own
/// folder under `Heads/` and is listed in `ClassifierHeads.all`; model files and commands reach
/// a head only through this protocol, so adding one touches that folder and nothing else.
public protocol ClassifierHead {
  /// The float head (what training writes).
  associatedtype FloatModel: HeadModel where FloatModel.Runtime: FloatWindowHead
  /// The integer head (what quantization writes).
  associatedtype QuantizedModel: HeadModel
  where QuantizedModel.Runtime.Output == Decision, QuantizedModel.Config == FloatModel.Config
  /// What calibration records for quantization (`spikecam calibrate` writes it as JSON).
  associatedtype Ranges: Codable & Sendable
  /// What trains it (`train` runs it on a request).
  associatedtype Trainer: HeadTrainer where Trainer.Head == Self

  /// `__metadata__.head` and `train --head`.
  static var name: String { get }
  /// What `inspect` calls it (`SpikeCam classifier (spiking front end + <title>)`).
  static var title: String { get }

  /// Board footprint of the front end `p` followed by a head of sizes `c`.
  static func footprint(_ p: PipelineConfig, _ c: FloatModel.Config) -> NetworkFootprint

  /// Trains the head (and, unless the request gives one, the front end's STDP stage).
  static func train(
    _ clips: ClipSet, validation: ClipSet?, request: TrainingRequest,
    progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> FloatClassifierModel<Self>

  /// Why `method` cannot calibrate this head (a message for `--method`), nil when it can.
  static func refusal(of method: CalibrationMethod) -> String?

  /// Runs the float model on `clips` and records what quantization needs, with the number of
  /// windows it saw.
  static func calibrate(
    _ model: FloatClassifierModel<Self>, clips: ClipSet, method: CalibrationMethod,
    progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> (ranges: Ranges, windows: Int)

  /// The integer head from the float one and its calibration.
  static func quantize(_ head: FloatModel, ranges: Ranges) throws(QuantizationError)
    -> QuantizedModel

  /// A line on how the head was quantized, for `quantize`'s report (nil: nothing to add).
  static func quantizationNote(_ head: QuantizedModel) -> String?

  /// Bits of the integer head's widest activations, what a board's `bits.activation` must
  /// cover.
  static func activationBits(_ head: QuantizedModel) -> Int

  /// The head's error against its float twin, per stage, for `eval`: both heads run on the
  /// windows their front ends made of the same clips.
  static func errors(
    float: FloatModel, quantized: QuantizedModel, floatWindows: [[Int8]],
    integerWindows: [[Int8]]
  ) -> [(name: String, relativeError: Double)]
}

/// √(Σ(value − reference)² / Σ reference²) over everything added.
public struct RelativeError: Sendable {
  var error = 0.0
  var signal = 0.0

  /// Nothing added yet.
  public init() {}

  /// Adds one value and its reference.
  public mutating func add(reference: Double, value: Double) {
    error += (value - reference) * (value - reference)
    signal += reference * reference
  }

  /// The relative error (0 when every reference was 0).
  public var value: Double { signal > 0 ? (error / signal).squareRoot() : 0 }
}

extension ClassifierHead {
  /// Int8: a head without wider activations of its own.
  public static func activationBits(_ head: QuantizedModel) -> Int { 8 }
}
