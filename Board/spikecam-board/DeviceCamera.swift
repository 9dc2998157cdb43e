import CSpikeBoard
import SpikeCore

/// A V4L2 camera as `spikecam run --device` streams it, with the host's own capture code:
/// `V4L2Source` opens the node, chooses the format and size (`Negotiation`: MJPEG, JPEG, YUYV or
/// GREY, the smallest size covering the preprocessing), streams through mmap'ed buffers, decodes
/// (`FrameConverter`: libjpeg at the smallest DCT scale, or the luma bytes) and preprocesses
/// (`Preprocess.live`). A `FrameStream`, driven by `StreamRunner` as run's `DeviceStream` is:
/// corrupt frames are skipped and reported (`CorruptFrameReports`), and a camera that goes away
/// or falls silent is closed and reopened as `DeviceReopener` says. Where `DeviceStream` has a
/// capture thread and a ring, this pulls each frame on the one thread, so a frame is classified
/// before the next is dequeued; frames the driver dropped meanwhile show as gaps in its sequence
/// numbers, counted by the runner's `StreamProgress` as run counts them.
struct DeviceCamera: FrameStream, ~Copyable {
  let path: String
  let format: FrameFormat
  /// The open camera; nil while it is lost.
  private var source: V4L2Source?
  /// What the camera was last set to, e.g. `MJPG 640x480`.
  private(set) var streamDescription = ""
  private let request: CaptureRequest
  private(set) var reopener: DeviceReopener
  /// Frames skipped as corrupt over every session, and why the last one was.
  let health = CaptureHealth()
  private var corruptReports = CorruptFrameReports()

  /// Opens and starts the camera at `path` for a model whose input is `output`. A camera that
  /// cannot be opened the first time fails at once (busy, no permission, no such device): a
  /// wrong path is never retried.
  init(path: String, output: FrameFormat, policy: ReopenPolicy) throws(BoardError) {
    request = CaptureRequest(preprocess: Preprocess.live(for: output))
    reopener = DeviceReopener(path: path, policy: policy)
    self.path = path
    format = output
    do throws(CaptureError) {
      try reopen()
    } catch {
      throw BoardError(device: error)
    }
  }

  /// Opens and starts the camera.
  private mutating func reopen() throws(CaptureError) {
    let opened = try V4L2Source(
      path: path, request: request, frameTimeoutMilliseconds: reopener.policy.frameTimeoutMilliseconds,
      health: health)
    streamDescription = "\(opened.stream.pixelFormat) \(opened.stream.frameFormat)"
    source = consume opened
  }

  mutating func next(into pixels: UnsafeMutableBufferPointer<UInt8>, cancel: Cancellation)
    throws(StreamError) -> StreamItem
  {
    if let due = corruptReports.next(health, now: monotonicNanos()) { return .event(due) }
    guard source != nil else {
      guard reopener.outage != nil, try reopener.waitForAttempt(cancel: cancel) else { return .end }
      do throws(CaptureError) {
        try reopen()
        return .event(reopener.reopened())
      } catch {
        return .event(reopener.failed(error))
      }
    }
    // A read cut short by SIGINT/SIGTERM is the stop asked for, not a fault.
    do throws(CaptureError) {
      guard let stamp = try source!.nextFrame(into: pixels), !cancel.isRequested else { return .end }
      reopener.delivered()
      return .frame(stamp)
    } catch {
      if cancel.isRequested { return .end }
      source = nil  // closes the device before anything waits
      return .event(reopener.lost(error))
    }
  }

  /// Stops streaming and closes the device (`VideoDevice`'s deinit), before the closing event.
  mutating func close() { source = nil }
}
