// Not on the integer path. Floating point appears here only at the offline float → integer
// edge: `quantized(ranges:)` rounds the float front end and hands the head to its quantizer.
// A `QuantizedClassifierModel` holds integers only (and, for reporting, the real scales its
// head was built with); its pipeline runs in SpikeCore, which has no floating point at all.

import Foundation
import SpikeCore
import SpikeReference

/// A trained float classifier with any head: the spiking front end, the head and the class
/// names. What `spikecam train` writes.
public struct FloatClassifierModel<Head: ClassifierHead>: Sendable {
  /// Front end.
  public var frontEnd: FloatFrontEnd
  /// Head.
  public var head: Head.FloatModel
  /// Class names, index = class id.
  public var classNames: [String]

  /// Makes a model value.
  public init(frontEnd: FloatFrontEnd, head: Head.FloatModel, classNames: [String]) {
    (self.frontEnd, self.head, self.classNames) = (frontEnd, head, classNames)
  }

  /// The float pipeline: front end and head.
  public func makePipeline() throws(ConfigError)
    -> FloatClassifierPipeline<Head.FloatModel.Runtime>
  {
    try ClassifierPipeline(extractor: frontEnd.makeExtractor(), head: head.makeHead())
  }

  /// The integer model: the front end rounded (its values are already in integer units), the
  /// head quantized from its calibration `ranges`.
  public func quantized(ranges: Head.Ranges) throws(QuantizationError)
    -> QuantizedClassifierModel<Head>
  {
    QuantizedClassifierModel(
      frontEnd: frontEnd.quantized(), head: try Head.quantize(head, ranges: ranges),
      classNames: classNames)
  }
}

/// The integer classifier with any head: the Int8 front end, the integer head and the class
/// names. What `spikecam quantize` writes and `spikecam run` loads.
public struct QuantizedClassifierModel<Head: ClassifierHead>: Sendable {
  /// Front end.
  public var frontEnd: QuantizedFrontEnd
  /// Head.
  public var head: Head.QuantizedModel
  /// Class names, index = class id.
  public var classNames: [String]
  /// Board the model was built for (`__metadata__.board`), kept when it is rewritten.
  public var board: String = "unspecified"
  /// Set when the spiking layer has learned on a device since quantization.
  public var adaptation: OnDeviceAdaptation?

  /// Makes a model value.
  public init(frontEnd: QuantizedFrontEnd, head: Head.QuantizedModel, classNames: [String]) {
    (self.frontEnd, self.head, self.classNames) = (frontEnd, head, classNames)
  }

  /// The integer pipeline, ready to `push` frames.
  public func makePipeline() throws(ConfigError)
    -> ClassifierPipeline<SpikeFeatureExtractor, Head.QuantizedModel.Runtime>
  {
    try ClassifierPipeline(extractor: frontEnd.makeExtractor(), head: head.makeHead())
  }
}

// MARK: - Whatever the head

/// A classifier model of any head and either number type, as a command sees it.
public protocol AnyClassifierModel: Sendable {
  /// `__metadata__.head`.
  var headName: String { get }
  /// What `inspect` calls the head.
  var headTitle: String { get }
  /// The head's sizes for `inspect`.
  var headConfig: any HeadConfig { get }
  /// `float` or `int8` (`__metadata__.kind`).
  var kind: String { get }
  /// The front end's configuration.
  var pipeline: PipelineConfig { get }
  /// Class names, index = class id.
  var classNames: [String] { get }
  /// What the model needs on a board.
  var footprint: NetworkFootprint { get }
  /// Writes the model file atomically; `extraMetadata` adds keys the loaders do not read (such
  /// as `TrainingData.metadataKey`) without replacing the format's own.
  func write(board: String, path: String, extraMetadata: [String: String]) throws(ModelError)
}

extension AnyClassifierModel {
  /// Writes the model file atomically, with the format's keys only.
  public func write(board: String, path: String) throws(ModelError) {
    try write(board: board, path: path, extraMetadata: [:])
  }
}

/// A float classifier model of any head: what `calibrate`, `quantize` and `eval` ask of it.
public protocol AnyFloatClassifierModel: AnyClassifierModel {
  /// The front end (another head can train on it: `train --front-end`).
  var frontEnd: FloatFrontEnd { get }
  /// The float pipeline.
  func makeFloatPipeline() throws(ConfigError)
    -> any FrameClassifier<FloatSpikeFeatureExtractor, FloatDecision>
  /// Why `method` cannot calibrate this head, nil when it can.
  func calibrationRefusal(_ method: CalibrationMethod) -> String?
  /// The head's calibration on `clips` and the windows it saw.
  func calibrate(clips: ClipSet, method: CalibrationMethod, progress: ClassifierTrainer.Progress)
    throws(ConfigError) -> (ranges: any Encodable & Sendable, windows: Int)
  /// The integer model from a calibration file's JSON.
  func quantized(rangesJSON: Data) throws(QuantizationError) -> any AnyQuantizedClassifierModel
}

/// An integer classifier model of any head: what `run`, `eval` and on-device learning ask of it.
public protocol AnyQuantizedClassifierModel: AnyClassifierModel {
  /// `__metadata__.board`.
  var board: String { get }
  /// A line on how the head was quantized (nil: nothing to add).
  var quantizationNote: String? { get }
  /// Bits of the head's widest activations (a board's `bits.activation` must cover them).
  var activationBits: Int { get }
  /// The integer pipeline; with `learning`, one whose front end learns on the device
  /// (`OnDeviceLearning`).
  func makePipeline(learning: OnDeviceLearning?) throws(ConfigError)
    -> any FrameClassifier<SpikeFeatureExtractor, Decision>
  /// Whether the head learns on the device from labels (`run --learn` with rewards).
  var headLearnsFromLabels: Bool { get }
  /// This model with what a learning pipeline of it holds now (its front end, and its head
  /// when that learns from labels), `frames` more frames and `windows` more rewarded windows
  /// recorded.
  func adaptedModel(
    from pipeline: any FrameClassifier<SpikeFeatureExtractor, Decision>, frames: Int,
    windows: Int, learning: OnDeviceLearning
  ) -> any AnyQuantizedClassifierModel
  /// The head's error against `twin` per stage (nil when `twin` has another head), from the
  /// windows each front end made of the same clips.
  func headErrors(
    against twin: any AnyFloatClassifierModel, floatWindows: [[Int8]], integerWindows: [[Int8]]
  ) -> [(name: String, relativeError: Double)]?
  /// Where the argmax disagreement with `twin` comes from (nil when `twin` has another head or
  /// there are no windows): `head`, the share of windows on which this head decides as the
  /// float head when both read the float front end's window; `frontEnd`, the share on which
  /// the float head decides the same on the integer front end's window as on the float one's.
  func agreementSources(
    against twin: any AnyFloatClassifierModel, floatWindows: [[Int8]], integerWindows: [[Int8]]
  ) -> (head: Double, frontEnd: Double)?
}

/// What both generic models are, whatever their number type: a head of kind `Head` behind a
/// front end. Everything a command asks of any model (`AnyClassifierModel`) follows from it.
public protocol HeadedClassifierModel: AnyClassifierModel {
  /// The head's kind.
  associatedtype Head: ClassifierHead
  /// The head's values (float or integer).
  associatedtype HeadValues: HeadModel where HeadValues.Config == Head.FloatModel.Config
  /// The front end's weight and θ types.
  associatedtype Weight: TensorElement
  associatedtype Threshold: TensorElement
  /// Front end.
  var frontEnd: FrontEnd<Weight, Threshold> { get }
  /// Head.
  var head: HeadValues { get }
  /// Metadata keys beyond the common ones and the head's (none by default).
  var extraMetadata: [String: String] { get }
}

extension HeadedClassifierModel {
  public var headName: String { Head.name }
  public var headTitle: String { Head.title }
  public var headConfig: any HeadConfig { head.config }
  public var pipeline: PipelineConfig { frontEnd.pipeline }
  public var footprint: NetworkFootprint { Head.footprint(frontEnd.pipeline, head.config) }
  public var extraMetadata: [String: String] { [:] }

  public func write(board: String, path: String, extraMetadata: [String: String])
    throws(ModelError)
  {
    var w = image(board: board)
    w.metadata.merge(extraMetadata) { own, _ in own }
    try w.write(path: path)
  }

  /// The model file's image: the head's tensors and keys, the front end's, the common metadata.
  func image(board: String) -> SafetensorsWriter {
    var w = SafetensorsWriter()
    head.write(to: &w)
    frontEnd.write(to: &w)
    // The head's keys win: a head may need a newer format version than the common one.
    w.metadata.merge(
      ClassifierModelFile.metadata(
        frontEnd.pipeline, head: Head.name, config: head.config, classes: classNames,
        kind: kind, board: board)
    ) { own, _ in own }
    w.metadata.merge(extraMetadata) { $1 }
    return w
  }
}

extension FloatClassifierModel: HeadedClassifierModel, AnyFloatClassifierModel {
  public var kind: String { "float" }

  public func makeFloatPipeline() throws(ConfigError)
    -> any FrameClassifier<FloatSpikeFeatureExtractor, FloatDecision>
  {
    try makePipeline()
  }

  public func calibrationRefusal(_ method: CalibrationMethod) -> String? {
    Head.refusal(of: method)
  }

  public func calibrate(
    clips: ClipSet, method: CalibrationMethod, progress: ClassifierTrainer.Progress
  ) throws(ConfigError) -> (ranges: any Encodable & Sendable, windows: Int) {
    let (ranges, windows) = try Head.calibrate(self, clips: clips, method: method, progress: progress)
    return (ranges, windows)
  }

  public func quantized(rangesJSON: Data) throws(QuantizationError)
    -> any AnyQuantizedClassifierModel
  {
    let ranges: Head.Ranges
    do {
      ranges = try JSONDecoder().decode(Head.Ranges.self, from: rangesJSON)
    } catch {
      throw .notRanges(head: Head.name, reason: "\(error)")
    }
    return try quantized(ranges: ranges)
  }
}

extension QuantizedClassifierModel: HeadedClassifierModel, AnyQuantizedClassifierModel {
  public var kind: String { "int8" }
  public var quantizationNote: String? { Head.quantizationNote(head) }
  public var activationBits: Int { Head.activationBits(head) }

  /// The on-device adaptation record, once the model learned on a device.
  public var extraMetadata: [String: String] {
    adaptation.map { [ClassifierModelFile.adaptationKey: ClassifierModelFile.json($0)] } ?? [:]
  }

  public func makePipeline(learning: OnDeviceLearning?) throws(ConfigError)
    -> any FrameClassifier<SpikeFeatureExtractor, Decision>
  {
    guard let learning else { return try makePipeline() }
    return try makeLearningPipeline(learning)
  }

  public var headLearnsFromLabels: Bool { Head.QuantizedModel.Runtime.learnsFromLabels }

  public func adaptedModel(
    from pipeline: any FrameClassifier<SpikeFeatureExtractor, Decision>, frames: Int,
    windows: Int, learning: OnDeviceLearning
  ) -> any AnyQuantizedClassifierModel {
    var m = adapted(from: pipeline.extractor, frames: frames, learning: learning)
    if let p = pipeline as? ClassifierPipeline<SpikeFeatureExtractor, Head.QuantizedModel.Runtime>
    {
      m.head = head.learned(from: p.head)
    }
    if windows > 0 {
      m.adaptation?.windowsRewarded = (adaptation?.windowsRewarded ?? 0) + windows
    }
    return m
  }

  public func headErrors(
    against twin: any AnyFloatClassifierModel, floatWindows: [[Int8]], integerWindows: [[Int8]]
  ) -> [(name: String, relativeError: Double)]? {
    guard let twin = twin as? FloatClassifierModel<Head> else { return nil }
    return Head.errors(
      float: twin.head, quantized: head, floatWindows: floatWindows, integerWindows: integerWindows)
  }

  public func agreementSources(
    against twin: any AnyFloatClassifierModel, floatWindows: [[Int8]], integerWindows: [[Int8]]
  ) -> (head: Double, frontEnd: Double)? {
    guard let twin = twin as? FloatClassifierModel<Head>, !floatWindows.isEmpty,
      var float = try? twin.head.makeHead(), var integer = try? head.makeHead()
    else { return nil }
    var (windows, sameHead, sameFrontEnd) = (0, 0, 0)
    let size = float.tokens * float.features
    // A clip too short for a window has none to compare.
    for (x, y) in zip(floatWindows, integerWindows) where x.count == size && y.count == size {
      let reference = float.classify(x).classIndex
      if integer.classify(x).classIndex == reference { sameHead += 1 }
      if float.classify(y).classIndex == reference { sameFrontEnd += 1 }
      windows += 1
    }
    guard windows > 0 else { return nil }
    return (Double(sameHead) / Double(windows), Double(sameFrontEnd) / Double(windows))
  }
}
