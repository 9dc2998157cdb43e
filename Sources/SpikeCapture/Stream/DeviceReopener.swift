/// The reopen half of a device stream, whichever thread captures (`DeviceStream`'s capture
/// thread in `spikecam run`, the board program's one thread): once the device is lost, each
/// attempt waits the policy's back-off and the caller opens the device again, up to the
/// policy's attempts per outage. An outage ends with the first frame delivered after a reopen,
/// so a device that opens but never delivers still runs out of attempts.
public struct DeviceReopener: Sendable {
  public let path: String
  public let policy: ReopenPolicy
  /// Successful reopens so far.
  public private(set) var reopens = 0
  /// The fault of the current outage; nil while streaming.
  public private(set) var outage: CaptureError?
  /// Reopen attempts in the current outage.
  var failedAttempts = 0

  public init(path: String, policy: ReopenPolicy) { (self.path, self.policy) = (path, policy) }

  /// The device stopped delivering (closed by the caller): the event that says so.
  public mutating func lost(_ error: CaptureError) -> StreamEvent {
    outage = error
    if case .frameTimeout = error {
      return .frameTimeout(milliseconds: policy.frameTimeoutMilliseconds)
    }
    return .deviceLost(error)
  }

  /// A frame was delivered: the outage, if any, is over.
  public mutating func delivered() { failedAttempts = 0 }

  /// Waits the back-off before the next attempt: true when the caller should open the device
  /// now, false when `cancel` asked to stop meanwhile (the stream ends). Throws `.gaveUp` once
  /// the outage has used its attempts.
  public mutating func waitForAttempt(cancel: Cancellation) throws(StreamError) -> Bool {
    guard let lost = outage else { return true }
    guard failedAttempts < policy.attempts else {
      outage = nil
      throw .gaveUp(StreamGaveUp(path: path, attempts: policy.attempts, lastError: lost))
    }
    failedAttempts += 1
    guard cancel.sleep(milliseconds: policy.backoff(attempt: failedAttempts)) else {
      outage = nil
      return false
    }
    return true
  }

  /// The attempt opened the device: the event that says so.
  public mutating func reopened() -> StreamEvent {
    outage = nil
    reopens += 1
    return .reopened(attempt: failedAttempts)
  }

  /// The attempt failed with `error`: the event that says so.
  public mutating func failed(_ error: CaptureError) -> StreamEvent {
    outage = error
    return .reopenFailed(error, attempt: failedAttempts, attempts: policy.attempts)
  }
}
