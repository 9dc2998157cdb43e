/// The classifier, in either twin and with any head: frame → front end → `FeatureWindow` of
/// the last K frames → head → decision. The integer pipeline is
/// `ClassifierPipeline<SpikeFeatureExtractor, Head>`; SpikeReference names its float twin
/// `FloatClassifierPipeline<Head>`. Every buffer is allocated in `init`; with an integer front
/// end and head, `push` allocates nothing, so memory stays flat on an endless stream.
public struct ClassifierPipeline<FrontEnd: FeatureFrontEnd, Head: WindowHead>: Sendable {
  /// Front end.
  public var extractor: FrontEnd
  /// Head over the last K frames.
  public var head: Head
  /// The ring between them.
  public private(set) var frames: FeatureWindow

  /// Joins a front end and a head whose window (K frames of F features) matches.
  public init(extractor: FrontEnd, head: Head) throws(ConfigError) {
    let c = extractor.config
    guard head.features == c.features, head.tokens == c.tokens else {
      throw .inconsistent(
        "the head takes \(head.tokens)×\(head.features), the front end makes "
          + "\(c.tokens)×\(c.features)")
    }
    (self.extractor, self.head) = (extractor, head)
    frames = FeatureWindow(tokens: c.tokens, features: c.features)
  }

  /// Frames per window, K.
  public var tokens: Int { frames.tokens }
  /// Features per frame, F.
  public var features: Int { frames.features }
  /// Frames pushed since the last `reset` (saturates at `Int.max`).
  public var framesSeen: Int { frames.framesSeen }
  /// The last K frames' features in time order, `[K][F]` (valid once a window is complete).
  public var window: [Int8] { frames.window }
  /// Every class's score in the last decision, Q15.
  public var classScores: [Int16] { head.classScores }

  /// Feeds one frame and returns a decision once the window holds K frames after the first
  /// one. With `learn`, the spiking layer runs its STDP rule on the frame; with a `label`, a
  /// head that learns from labels learns from the window (on-device learning).
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool, label: Int?)
    -> Head.Output?
  {
    guard pushFeatures(frame, learn: learn) else { return nil }
    return head.classify(frames.window, learningFrom: label)
  }

  /// Feeds one frame without classifying; true when `window` holds K frames (training and
  /// calibration want the windows rather than decisions).
  public mutating func pushFeatures(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool = false)
    -> Bool
  {
    extractor.extract(frame, learn: learn)
    return frames.push(extractor.features)
  }

  /// Starts a new stream (a new clip): the front end rests and the window empties.
  public mutating func reset() {
    extractor.reset()
    frames.reset()
  }
}

/// A streaming classifier, whatever its head: frames in, a decision per frame once its window
/// is full. `spikecam run` and `eval` drive every model through it (as an existential, outside
/// SpikeCore).
public protocol FrameClassifier<FrontEnd, Output> {
  /// The front end (its learned state is what on-device learning changes).
  associatedtype FrontEnd: FeatureFrontEnd
  /// The decision type.
  associatedtype Output
  /// The front end.
  var extractor: FrontEnd { get set }
  /// The window of features the last decision was made on, `[K][F]`.
  var window: [Int8] { get }
  /// Every class's score in the last decision, Q15.
  var classScores: [Int16] { get }
  /// Feeds one frame; nil until a window is complete. With `learn`, the front end learns;
  /// with a `label`, a head that learns from labels learns from the window.
  mutating func push(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool, label: Int?) -> Output?
  /// Starts a new stream.
  mutating func reset()
}

extension FrameClassifier {
  /// Feeds one frame without learning.
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>) -> Output? {
    push(frame, learn: false, label: nil)
  }

  /// Feeds one frame; with `learn`, the front end learns.
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool) -> Output? {
    push(frame, learn: learn, label: nil)
  }
}

extension ClassifierPipeline: FrameClassifier {}
