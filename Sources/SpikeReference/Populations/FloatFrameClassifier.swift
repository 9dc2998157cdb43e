/// Float twin of `FrameClassifier`: both float pipelines conform, so tools drive either head
/// the same way.
public protocol FloatFrameClassifier {
  /// Feeds one luma frame; nil until a window is complete.
  mutating func push(_ frame: UnsafeBufferPointer<UInt8>) -> FloatDecision?
  /// Starts a new stream.
  mutating func reset()
  /// The window of features the last decision was made on, `[K][F]`.
  var window: [Float] { get }
}

extension FloatClassifierPipeline: FloatFrameClassifier {}
extension FloatPopulationClassifierPipeline: FloatFrameClassifier {}
