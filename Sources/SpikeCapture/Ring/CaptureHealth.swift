import Synchronization

/// What a capture thread saw besides good frames, readable from the classifier thread: how
/// many frames were skipped as corrupt and why the last one was. A skip takes one uncontended
/// lock and allocates nothing (`SkipReason` is stored inline).
public final class CaptureHealth: Sendable {
  struct State {
    var skipped = 0
    var lastSkip: SkipReason?
  }

  let state = Mutex(State())

  public init() {}

  /// Records one skipped frame.
  public func recordSkip(_ reason: SkipReason) {
    state.withLock {
      $0.skipped += 1
      $0.lastSkip = reason
    }
  }

  /// Frames skipped so far, and the reason for the last one.
  public var skips: (count: Int, last: SkipReason?) {
    state.withLock { ($0.skipped, $0.lastSkip) }
  }
}
