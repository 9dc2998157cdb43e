#if !hasFeature(Embedded)
  import Synchronization
#endif

/// What a capture thread saw besides good frames, readable from the classifier thread: how
/// many frames were skipped as corrupt and why the last one was. A skip takes one uncontended
/// lock and allocates nothing (`SkipReason` is stored inline).
public final class CaptureHealth: Sendable {
  struct State {
    var skipped = 0
    var lastSkip: SkipReason?
  }

  #if hasFeature(Embedded)
    // The board program captures and classifies on one thread, and Embedded Swift has no
    // `Mutex` without an operating system: the same state, unlocked.
    final class Unlocked: @unchecked Sendable {
      var value = State()
      func withLock<R>(_ body: (inout State) -> R) -> R { body(&value) }
    }
    let state = Unlocked()
  #else
    let state = Mutex(State())
  #endif

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
