/// A classifier head: reads the window of the last K frames' features (`[K][F]`, time order)
/// and decides. Every head conforms in both twins (the int8 attention block, the R-STDP class
/// populations, and their float twins), so one `ClassifierPipeline` drives them all. SpikeCore
/// compiles as Embedded Swift, which has no existentials: it uses heads through generics only.
public protocol WindowHead: Sendable {
  /// What `classify` returns: `Decision` for an integer head, a float decision for a twin.
  associatedtype Output: Sendable
  /// Frames per window, K.
  var tokens: Int { get }
  /// Features per frame, F.
  var features: Int { get }
  /// Classifies one window of `tokens × features` integer features.
  mutating func classify(_ window: [Int8]) -> Output
  /// Every class's score in the last decision, Q15 (the decision's score is its class's
  /// entry): what smoothing over decisions and `--top-k` read.
  var classScores: [Int16] { get }
  /// Whether the head learns from a window's true class (`classify(_:learningFrom:)`).
  static var learnsFromLabels: Bool { get }
  /// Classifies one window; with a `label`, a head that learns from labels also learns from
  /// this window (its R-STDP trial), and any other head only classifies.
  mutating func classify(_ window: [Int8], learningFrom label: Int?) -> Output
}

extension WindowHead {
  /// Most heads learn offline only.
  public static var learnsFromLabels: Bool { false }

  /// Classifies; the label is ignored by a head that does not learn from labels.
  public mutating func classify(_ window: [Int8], learningFrom label: Int?) -> Output {
    classify(window)
  }
}

/// The spiking front end in either twin: one frame in, one feature vector out. Features are
/// integers in both twins (event and spike counts, 0…127), so the window between the front
/// end and the head holds the same values whichever twin made them.
public protocol FeatureFrontEnd: Sendable {
  /// The front end's sizes.
  var config: PipelineConfig { get }
  /// Features of the last frame, `config.features` of them.
  var features: [Int8] { get }
  /// Encodes `frame` (`width × height` luma), runs the spiking layer (learning with `learn`)
  /// and fills `features`.
  mutating func extract(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool)
  /// Starts a new stream: the encoder's reference and the neurons rest; learned values stay.
  mutating func reset()
}
