/// The integer classifier with the paper's head: frame → `SpikeFeatureExtractor` → ring of the
/// last K frames → `PopulationHead` → class and score. The same front end and window as
/// `ClassifierPipeline` (the attention head's), so the two heads see identical features.
/// Buffers are allocated in `init`; `push` allocates nothing.
public struct PopulationClassifierPipeline: Sendable, FrameClassifier {
  /// Front end.
  public var extractor: SpikeFeatureExtractor
  /// Class populations over the last K frames.
  public var head: PopulationHead
  /// Frames per window, K.
  public var tokens: Int { head.config.tokens }
  /// Features per frame, F.
  public var features: Int { head.config.features }
  /// Frames pushed since the last `reset` (saturates at `Int.max`).
  public private(set) var framesSeen = 0
  /// The last K frames' features in time order, `[K][F]` (valid once `framesSeen > K`).
  public private(set) var window: [Int8]
  private var ring: [Int8]
  private var next = 0

  /// Joins a front end and a head whose feature count and window match.
  public init(extractor: SpikeFeatureExtractor, head: PopulationHead) throws(ConfigError) {
    guard head.config.features == extractor.config.features,
      head.config.tokens == extractor.config.tokens
    else {
      throw .inconsistent(
        "the head takes \(head.config.tokens)×\(head.config.features), the front end makes "
          + "\(extractor.config.tokens)×\(extractor.config.features)")
    }
    self.extractor = extractor
    self.head = head
    ring = [Int8](repeating: 0, count: head.config.tokens * head.config.features)
    window = ring
  }

  /// Feeds one frame; a decision once the ring holds K frames after the first (the first frame
  /// of a stream only sets the encoder's reference).
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>) -> Decision? {
    extractor.extract(frame)
    framesSeen = framesSeen == Int.max ? framesSeen : framesSeen + 1
    if framesSeen == 1 { return nil }
    let f = features
    let base = next * f
    for i in 0..<f { ring[base + i] = extractor.features[i] }
    next = next + 1 == tokens ? 0 : next + 1
    guard framesSeen > tokens else { return nil }
    for t in 0..<tokens {
      let slot = (next + t) % tokens
      for i in 0..<f { window[t * f + i] = ring[slot * f + i] }
    }
    return head.classify(window)
  }

  /// Every population's score in the last decision, Q15.
  public var classScores: [Int16] { head.classScores }

  /// Starts a new stream (a new clip).
  public mutating func reset() {
    extractor.reset()
    framesSeen = 0
    next = 0
    for i in ring.indices { ring[i] = 0 }
  }
}
