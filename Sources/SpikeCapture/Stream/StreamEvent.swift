/// What a frame stream reports besides frames: capture faults and how they were ridden out.
public enum StreamEvent: Sendable, Equatable {
  /// `count` more frames were skipped as corrupt (`total` so far; `last`: why the last one
  /// was). Reported at most once a second.
  case corruptFrames(count: Int, total: Int, last: SkipReason?)
  /// No frame came within the policy's frame timeout; the device is closed to be reopened.
  case frameTimeout(milliseconds: Int)
  /// The device failed or vanished; it will be reopened.
  case deviceLost(CaptureError)
  /// Reopen attempt `attempt` of `attempts` failed.
  case reopenFailed(CaptureError, attempt: Int, attempts: Int)
  /// The device streams again after `attempt` attempts. A new stream starts here: sequence
  /// numbers start again, and frames before the outage must not be differenced against the
  /// ones after it.
  case reopened(attempt: Int)
}

/// A device that was lost and did not come back within the reopen policy's attempts.
public struct StreamGaveUp: Error, Sendable, Equatable, CustomStringConvertible {
  /// The device.
  public var path: String
  /// Reopen attempts made in the last outage.
  public var attempts: Int
  /// What the last attempt, or the loss itself, failed with.
  public var lastError: CaptureError

  public var description: String {
    let tries = attempts == 1 ? "1 reopen attempt" : "\(attempts) reopen attempts"
    return "\(path) was lost and did not come back after \(tries) (last error: "
      + "\(lastError.description)); check the camera, or raise --reopen/--reopen-backoff"
  }
}
