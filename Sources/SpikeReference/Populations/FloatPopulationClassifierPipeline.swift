public import SpikeCore

/// Float twin of `PopulationClassifierPipeline`: `FloatSpikeFeatureExtractor` → ring of the last
/// K frames → `FloatPopulationHead`. Same API; buffers allocated in `init`.
public struct FloatPopulationClassifierPipeline: Sendable {
  /// Front end.
  public var extractor: FloatSpikeFeatureExtractor
  /// Class populations over the last K frames.
  public var head: FloatPopulationHead
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

  /// Joins a front end and a head whose feature count and window match.
  public init(extractor: FloatSpikeFeatureExtractor, head: FloatPopulationHead)
    throws(ConfigError)
  {
    guard head.config.features == extractor.config.features,
      head.config.tokens == extractor.config.tokens
    else {
      throw .inconsistent(
        "the head takes \(head.config.tokens)×\(head.config.features), the front end makes "
          + "\(extractor.config.tokens)×\(extractor.config.features)")
    }
    self.extractor = extractor
    self.head = head
    ring = [Float](repeating: 0, count: head.config.tokens * head.config.features)
    window = ring
  }

  /// Feeds one frame; a decision once K frames after the first are in the ring.
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>) -> FloatDecision? {
    guard pushFeatures(frame) else { return nil }
    return head.classify(window)
  }

  /// Feeds one frame without classifying; true when `window` holds K frames.
  public mutating func pushFeatures(_ frame: UnsafeBufferPointer<UInt8>) -> Bool {
    extractor.extract(frame)
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

  /// Starts a new stream.
  public mutating func reset() {
    extractor.reset()
    framesSeen = 0
    next = 0
    for i in ring.indices { ring[i] = 0 }
  }
}
