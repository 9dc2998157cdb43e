import SpikeSystem

/// A V4L2 camera as a frame stream: a capture thread fills a drop-oldest ring of
/// `frameSlots` frames, `next` takes them with a blocking pop, and capture faults are reported
/// as events and ridden out where they can be:
/// - corrupt frames are skipped and counted (`corruptFrames`, at most once a second);
/// - a frame timeout or a vanished device ends the capture session; the device is reopened
///   after the policy's back-off, up to its attempts per outage; an outage ends with the first
///   frame delivered after a reopen, so a device that opens but never delivers still runs out
///   of attempts, and then `next` throws `.gaveUp`.
/// Opening the device the first time throws at once (busy, no permission, no such device), so
/// a wrong path is never retried.
public struct DeviceStream: FrameStream, ~Copyable {
  /// How long one wait for a frame lasts before the cancellation and the capture's state are
  /// looked at again; frames wake the wait at once.
  static let waitSliceNanos: UInt64 = 50_000_000

  public let path: String
  public let policy: ReopenPolicy
  /// Frames skipped as corrupt over the whole stream, and why the last one was.
  public let health = CaptureHealth()
  /// Successful reopens so far.
  public private(set) var reopens = 0
  let request: CaptureRequest
  let ring: FrameRing
  var capture: CaptureThread?
  /// The fault of the current outage; nil while streaming or once ended.
  var outage: CaptureError?
  var failedAttempts = 0  // reopen attempts in the current outage
  var reportedSkips = 0
  var lastSkipReport: UInt64 = 0

  /// Opens `path` and starts capturing into a ring of `frameSlots` frames.
  public init(path: String, preprocess: Preprocess, frameSlots: Int, policy: ReopenPolicy)
    throws(CaptureError)
  {
    (self.path, self.policy) = (path, policy)
    request = CaptureRequest(preprocess: preprocess)
    let first = try Self.open(path, request, policy, health)
    ring = FrameRing(capacity: max(1, frameSlots), format: first.format)
    let signal = first.stop!
    capture = CaptureThread(source: first, ring: ring, stopSignal: signal)
  }

  public var format: FrameFormat { ring.format }

  /// Frames the ring dropped because the consumer fell behind.
  public var ringDropped: UInt64 { ring.dropped }

  public mutating func next(
    into pixels: UnsafeMutableBufferPointer<UInt8>, cancel: Cancellation
  ) throws(StreamError) -> StreamItem {
    if let report = corruptReport() { return .event(report) }
    if let running = capture {
      while true {
        if cancel.isRequested {
          stopCapture()
          return .end
        }
        if let stamp = ring.pop(into: pixels, waitingNanos: Self.waitSliceNanos) {
          failedAttempts = 0
          return .frame(stamp)
        }
        if let report = corruptReport() { return .event(report) }
        let outcome = running.outcome
        if case .running = outcome { continue }
        // The thread ended; what it pushed before that is still delivered first.
        if let stamp = ring.pop(into: pixels) { return .frame(stamp) }
        stopCapture()
        guard case .failed(let error) = outcome else { return .end }
        outage = error
        if case .frameTimeout = error {
          return .event(.frameTimeout(milliseconds: policy.frameTimeoutMilliseconds))
        }
        return .event(.deviceLost(error))
      }
    }
    guard let lost = outage else { return .end }
    guard failedAttempts < policy.attempts else {
      outage = nil
      throw .gaveUp(StreamGaveUp(path: path, attempts: policy.attempts, lastError: lost))
    }
    failedAttempts += 1
    if !cancel.sleep(milliseconds: policy.backoff(attempt: failedAttempts)) {
      outage = nil
      return .end
    }
    do throws(CaptureError) {
      let source = try Self.open(path, request, policy, health)
      let signal = source.stop!
      capture = CaptureThread(source: source, ring: ring, stopSignal: signal)
      outage = nil
      reopens += 1
      return .event(.reopened(attempt: failedAttempts))
    } catch {
      outage = error
      return .event(.reopenFailed(error, attempt: failedAttempts, attempts: policy.attempts))
    }
  }

  /// Stops and joins the capture thread; the device is closed when this returns.
  public mutating func stopCapture() {
    capture?.stop()
    capture = nil
  }

  /// Opens the device with a fresh stop signal (a capture thread's signal is set when it ends).
  static func open(
    _ path: String, _ request: CaptureRequest, _ policy: ReopenPolicy, _ health: CaptureHealth
  ) throws(CaptureError) -> V4L2Source {
    try V4L2Source(
      path: path, request: request, frameTimeoutMilliseconds: policy.frameTimeoutMilliseconds,
      stop: StopSignal(), health: health)
  }

  /// New corrupt frames since the last report: the first at once, then at most once a second.
  mutating func corruptReport() -> StreamEvent? {
    let skips = health.skips
    guard skips.count > reportedSkips else { return nil }
    let now = StopRequest.monotonicNanos()
    guard reportedSkips == 0 || now &- lastSkipReport >= 1_000_000_000 else { return nil }
    defer {
      reportedSkips = skips.count
      lastSkipReport = now
    }
    return .corruptFrames(count: skips.count - reportedSkips, total: skips.count, last: skips.last)
  }
}
