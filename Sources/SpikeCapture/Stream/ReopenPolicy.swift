/// How a device stream rides out a lost camera: how long a frame may take before the device
/// counts as lost, how many reopen attempts one outage gets, and the back-off between them.
public struct ReopenPolicy: Sendable, Equatable {
  /// Longest back-off between two reopen attempts.
  public static let maxBackoffMilliseconds = 30_000
  /// What `--frame-timeout-ms`, `--reopen` and `--reopen-backoff` accept (`spikecam run` and the
  /// board program alike).
  public static let frameTimeoutRange = 100...600_000
  public static let attemptsRange = 0...1_000_000
  public static let backoffRange = 0...maxBackoffMilliseconds

  /// Longest wait for one frame before the device is closed and reopened.
  public var frameTimeoutMilliseconds: Int
  /// Reopen attempts per outage (0: a lost device ends the stream).
  public var attempts: Int
  /// The first back-off; it doubles for each further attempt.
  public var backoffMilliseconds: Int

  public init(frameTimeoutMilliseconds: Int = 5000, attempts: Int = 8, backoffMilliseconds: Int = 500) {
    (self.frameTimeoutMilliseconds, self.attempts, self.backoffMilliseconds) =
      (frameTimeoutMilliseconds, attempts, backoffMilliseconds)
  }

  /// The back-off before attempt `attempt` (from 1): doubled for each further attempt, at most
  /// `maxBackoffMilliseconds`.
  public func backoff(attempt: Int) -> Int {
    var delay = backoffMilliseconds
    for _ in 1..<max(1, attempt) where delay < Self.maxBackoffMilliseconds { delay *= 2 }
    return min(delay, Self.maxBackoffMilliseconds)
  }
}
