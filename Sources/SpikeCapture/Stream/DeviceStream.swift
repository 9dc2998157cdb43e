import SpikeSystem

/// A V4L2 camera as a frame stream: a capture thread fills a drop-oldest ring of
/// `frameSlots` frames, `next` takes them with a blocking pop, and capture faults are reported
/// as events and ridden out where they can be:
/// - corrupt frames are skipped and counted (`corruptFrames`, at most once a second);
/// - a frame timeout or a vanished device ends the capture session; the device is reopened
///   as `DeviceReopener` says (the policy's back-off and attempts per outage), and when the
///   attempts run out `next` throws `.gaveUp`.
/// Opening the device the first time throws at once (busy, no permission, no such device), so
/// a wrong path is never retried.
public struct DeviceStream: FrameStream, ~Copyable {
  /// How long one wait for a frame lasts before the cancellation and the capture's state are
  /// looked at again; frames wake the wait at once.
  static let waitSliceNanos: UInt64 = 50_000_000

  public var path: String { reopener.path }
  public var policy: ReopenPolicy { reopener.policy }
  /// Frames skipped as corrupt over the whole stream, and why the last one was.
  public let health = CaptureHealth()
  /// Successful reopens so far.
  public var reopens: Int { reopener.reopens }
  let request: CaptureRequest
  let ring: FrameRing
  var capture: CaptureThread?
  var reopener: DeviceReopener
  var corruptReports = CorruptFrameReports()

  /// Opens `path` and starts capturing into a ring of `frameSlots` frames.
  public init(path: String, preprocess: Preprocess, frameSlots: Int, policy: ReopenPolicy)
    throws(CaptureError)
  {
    reopener = DeviceReopener(path: path, policy: policy)
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
          reopener.delivered()
          return .frame(stamp)
        }
        if let report = corruptReport() { return .event(report) }
        let outcome = running.outcome
        if case .running = outcome { continue }
        // The thread ended; what it pushed before that is still delivered first.
        if let stamp = ring.pop(into: pixels) { return .frame(stamp) }
        stopCapture()
        guard case .failed(let error) = outcome else { return .end }
        return .event(reopener.lost(error))
      }
    }
    guard reopener.outage != nil else { return .end }
    guard try reopener.waitForAttempt(cancel: cancel) else { return .end }
    do throws(CaptureError) {
      let source = try Self.open(path, request, policy, health)
      let signal = source.stop!
      capture = CaptureThread(source: source, ring: ring, stopSignal: signal)
      return .event(reopener.reopened())
    } catch {
      return .event(reopener.failed(error))
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

  /// New corrupt frames since the last report, when one is due.
  mutating func corruptReport() -> StreamEvent? {
    corruptReports.next(health, now: StopRequest.monotonicNanos())
  }
}
