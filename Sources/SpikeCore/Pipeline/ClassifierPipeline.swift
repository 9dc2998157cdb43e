/// The integer classifier (DESIGN §1): frame → `SpikeFeatureExtractor` → feature ring of the
/// last K frames → `AttentionHead8` → class and score. Every buffer is allocated in `init`;
/// `push` allocates nothing, so memory stays flat on an endless stream. Its real-valued twin has
/// the same name with the real-valued prefix in SpikeReference (same API).
public struct ClassifierPipeline: Sendable {
  /// Front end.
  public var extractor: SpikeFeatureExtractor
  /// Attention head over the last K frames.
  public var head: AttentionHead8
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

  /// Joins a front end and a head whose feature count matches.
  public init(extractor: SpikeFeatureExtractor, head: AttentionHead8) throws(ConfigError) {
    guard head.config.features == extractor.config.features else {
      throw .inconsistent(
        "the head expects \(head.config.features) features per frame, the front end makes "
          + "\(extractor.config.features)")
    }
    self.extractor = extractor
    self.head = head
    ring = [Int8](repeating: 0, count: head.config.tokens * head.config.features)
    window = ring
  }

  /// Feeds one frame without learning (`FrameClassifier`).
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>) -> Decision? {
    push(frame, learn: false)
  }

  /// Feeds one frame and returns a decision once the ring holds K frames after the first one
  /// (the first frame of a stream only sets the encoder's reference, so it carries no events).
  /// With `learn`, the spiking layer runs its STDP rule on the frame (on-device learning).
  public mutating func push(_ frame: UnsafeBufferPointer<UInt8>, learn: Bool) -> Decision? {
    extractor.extract(frame, learn: learn)
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

  /// Starts a new stream (a new clip): the front end rests and the ring empties.
  public mutating func reset() {
    extractor.reset()
    framesSeen = 0
    next = 0
    for i in ring.indices { ring[i] = 0 }
  }
}
