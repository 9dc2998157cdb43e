/// A streaming integer classifier: frames in, a decision per frame once its window is full.
/// Both heads' pipelines conform, so `spikecam run` and `eval` drive either the same way.
public protocol FrameClassifier {
  /// Feeds one `width × height` luma frame; nil until a window is complete.
  mutating func push(_ frame: UnsafeBufferPointer<UInt8>) -> Decision?
  /// Starts a new stream.
  mutating func reset()
  /// The window of features the last decision was made on, `[K][F]`.
  var window: [Int8] { get }
  /// Every class's score in the last decision, Q15 (what `--top-k` and smoothing read).
  var classScores: [Int16] { get }
}

extension ClassifierPipeline: FrameClassifier {
  public var classScores: [Int16] { head.classScores }
}
