public import SpikeCore

/// Float twin of `ClassifierPipeline`: `FloatSpikeFeatureExtractor` → ring of the last K frames
/// → `FloatAttentionHead`. Same API; buffers allocated in `init`.
public struct FloatClassifierPipeline: Sendable {
  /// Front end.
  public var extractor: FloatSpikeFeatureExtractor
  /// Attention head over the last K frames.
  public var head: FloatAttentionHead
  /// Frames per window, K.
  public var tokens: Int { head.config.tokens }
  /// Features per frame, F.
  public var features: Int { head.config.features }
  /// Frames pushed since the last `reset`.
  public private(set) var framesSeen = 0
  /// The last K frames' features in time order, `[K][F]`.
  public private(set) var window: [Float]
  private var ring: [Float]
  private var next = 0

  /// Joins a front end and a head whose feature count matches.
  public init(extractor: FloatSpikeFeatureExtractor, head: FloatAttentionHead) throws(ConfigError)
  {
    guard head.config.features == extractor.config.features else {
      throw .inconsistent(
        "the head expects \(head.config.features) features per frame, the front end makes "
          + "\(extractor.config.features)")
    }
    self.extractor = extractor
    self.head = head
    ring = [Float](repeating: 0, count: head.config.tokens * head.config.features)
    window = ring
  }

  /// Feeds one frame without learning (`FloatFrameClassifier`).
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>) -> FloatDecision? {
    push(frame, learn: false)
  }

  /// Feeds one frame and returns a decision once K frames after the first are in the ring.
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool)
    -> FloatDecision?
  {
    guard pushFeatures(frame, learn: learn) else { return nil }
    return head.classify(window)
  }

  /// Feeds one frame without classifying; true when `window` holds K frames (for training and
  /// calibration, which need the windows rather than decisions).
  public mutating func pushFeatures(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool = false)
    -> Bool
  {
    extractor.extract(frame, learn: learn)
    framesSeen = framesSeen == Int.max ? framesSeen : framesSeen + 1
    if framesSeen == 1 { return false }
    let f = features
    let base = next * f
    for i in 0..<f { ring[base + i] = extractor.features[i] }
    next = next + 1 == tokens ? 0 : next + 1
    guard framesSeen > tokens else { return false }
    for t in 0..<tokens {
      let slot = (next + t) % tokens
      for i in 0..<f { window[t * f + i] = ring[slot * f + i] }
    }
    return true
  }

  /// Starts a new stream: the front end rests and the ring empties.
  public mutating func reset() {
    extractor.reset()
    framesSeen = 0
    next = 0
    for i in ring.indices { ring[i] = 0 }
  }
}
