#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board program compiles StopRequest in
#endif

#if canImport(Glibc)
  import Glibc
#else
  import CSpikeBoard  // the board program: glibc's declarations through its C seam
#endif

/// Asks a running stream to end: read between frames and during every wait, so a stream ends
/// within one wait slice of the request. `reason` is `nil` until it should end.
public struct Cancellation: Sendable {
  private let check: @Sendable () -> String?

  public init(_ reason: @escaping @Sendable () -> String?) { check = reason }

  /// Why the stream should end, or `nil` to go on.
  public var reason: String? { check() }

  public var isRequested: Bool { check() != nil }

  /// Never ends a stream.
  public static let never = Cancellation { nil }

  /// The process's stop request (SIGINT/SIGTERM: `signal`; standard output gone:
  /// `stdout_closed`; on-device learning failed: `learning_failed`).
  public static let stopRequest = Cancellation {
    guard StopRequest.isRequested else { return nil }
    switch StopRequest.cause {
    case StopRequest.outputClosed: return "stdout_closed"
    case StopRequest.learningFailed: return "learning_failed"
    default: return "signal"
    }
  }

  /// Sleeps `milliseconds` in slices of at most 20 ms; `false` when cancelled first.
  public func sleep(milliseconds: Int) -> Bool {
    let deadline = StopRequest.monotonicNanos() &+ UInt64(max(0, milliseconds)) &* 1_000_000
    while !isRequested {
      let now = StopRequest.monotonicNanos()
      if now >= deadline { return true }
      var slice = timespec(tv_sec: 0, tv_nsec: Int(min(deadline - now, 20_000_000)))
      nanosleep(&slice, nil)
    }
    return false
  }
}
