/// The last K frames' feature vectors, as a ring filled by the front end and read in time
/// order by a head. The first frame of a stream only sets the encoder's reference (it carries
/// no events), so it is not kept: a window is complete from the (K + 1)-th frame on, then after
/// every frame. Allocates only in `init`.
public struct FeatureWindow: Sendable {
  /// Frames per window, K.
  public let tokens: Int
  /// Features per frame, F.
  public let features: Int
  /// Frames pushed since the last `reset` (saturates at `Int.max`).
  public private(set) var framesSeen = 0
  /// The last K frames' features in time order, `[K][F]` (valid once `isComplete`).
  public private(set) var window: [Int8]
  private var ring: [Int8]
  private var next = 0

  /// An empty window of `tokens` frames of `features` features.
  public init(tokens: Int, features: Int) {
    (self.tokens, self.features) = (tokens, features)
    ring = [Int8](repeating: 0, count: tokens * features)
    window = ring
  }

  /// Whether `window` holds K frames after the first one.
  public var isComplete: Bool { framesSeen > tokens }

  /// Adds one frame's features (`features` of them); true when the window is complete.
  public mutating func push(_ frame: [Int8]) -> Bool {
    framesSeen = framesSeen == Int.max ? framesSeen : framesSeen + 1
    if framesSeen == 1 { return false }
    let f = features
    let base = next * f
    for i in 0..<f { ring[base + i] = frame[i] }
    next = next + 1 == tokens ? 0 : next + 1
    guard isComplete else { return false }
    for t in 0..<tokens {
      let slot = (next + t) % tokens
      for i in 0..<f { window[t * f + i] = ring[slot * f + i] }
    }
    return true
  }

  /// Empties the window for a new stream.
  public mutating func reset() {
    framesSeen = 0
    next = 0
    for i in ring.indices { ring[i] = 0 }
  }
}
