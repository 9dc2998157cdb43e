/// Turns a stream of per-frame decisions into gesture events, the way a user reads a live
/// classifier: a class becomes the current event once it has been decided on `hold` frames in a
/// row, and a new event starts only when another class has held as long. The rest class (`none`)
/// ends an event without being one. One frame of a stray decision therefore never raises an
/// alarm, and a gesture held over many frames is one event, not one per frame.
public struct GestureEventDetector: Sendable {
  /// Consecutive frames a class must be decided on to become the current event (≥ 1).
  public let hold: Int
  /// The class that means "nothing happening".
  public let restClass: Int
  /// The class of the current event (`restClass` when none).
  public private(set) var current: Int
  private var candidate: Int
  private var run = 0

  /// A detector that needs `hold` agreeing frames; `restClass` is never reported as an event.
  public init(hold: Int, restClass: Int = 0) {
    precondition(hold >= 1, "hold is at least one frame")
    self.hold = hold
    self.restClass = restClass
    current = restClass
    candidate = restClass
  }

  /// Feeds one frame's decided class (nil: no decision yet, which counts as the rest class);
  /// returns the class of an event that starts on this frame.
  public mutating func push(_ decided: Int?) -> Int? {
    let c = decided ?? restClass
    if c == candidate {
      run += 1
    } else {
      candidate = c
      run = 1
    }
    guard run >= hold, candidate != current else { return nil }
    current = candidate
    return current == restClass ? nil : current
  }

  /// Forgets the stream.
  public mutating func reset() {
    current = restClass
    candidate = restClass
    run = 0
  }
}
