import CSpikeBoard
import SpikeCore

/// A V4L2 camera played as `spikecam run --device` plays it, with the host's own capture code:
/// `V4L2Source` opens the node, chooses the format and size (`Negotiation`: MJPEG, JPEG, YUYV or
/// GREY, the smallest size covering the preprocessing), streams through mmap'ed buffers, decodes
/// (`FrameConverter`: libjpeg at the smallest DCT scale, or the luma bytes) and preprocesses
/// (`Preprocess.live`). Corrupt frames are skipped, counted and reported (`CorruptFrameReports`).
/// A camera that goes away or falls silent is closed and reopened as `DeviceReopener` says (the
/// policy's back-off and attempts); each fault prints `spikecam run`'s event line
/// (`StreamReport`). One thread: a frame is classified before the next is dequeued, and frames
/// the driver dropped meanwhile show as gaps in its sequence numbers, counted in `progress` as
/// `spikecam run` counts them.
struct DeviceCamera: BoardClips, ~Copyable {
  let path: String
  private(set) var frame: [UInt8]
  /// Frames delivered, and frames the driver dropped (gaps in its sequence numbers).
  private(set) var progress = StreamProgress()
  /// The open camera; nil while it is lost.
  private var source: V4L2Source?
  /// What the camera was last set to, e.g. `MJPG 640x480`.
  private(set) var streamDescription = ""
  private let request: CaptureRequest
  private(set) var reopener: DeviceReopener
  /// Frames skipped as corrupt over every session, and why the last one was.
  let health = CaptureHealth()
  private var corruptReports = CorruptFrameReports()
  /// `spikecam run`'s lines (schema 1), with the model's id and class names.
  private let lines: RunLines
  /// The capture time of the last frame.
  private var captureNanos: UInt64 = 0
  /// A reopened camera started a new stream since the caller last asked.
  private var restarted = false

  /// Opens and starts the camera at `path` for a model whose input is `output`. A camera that
  /// cannot be opened the first time fails at once (busy, no permission, no such device): a
  /// wrong path is never retried.
  init(path: String, output: FrameFormat, policy: ReopenPolicy, model: String, labels: [String])
    throws(BoardError)
  {
    request = CaptureRequest(preprocess: Preprocess.live(for: output))
    reopener = DeviceReopener(path: path, policy: policy)
    self.path = path
    frame = [UInt8](repeating: 0, count: output.byteCount)
    lines = RunLines(
      sourceKey: "device", source: path, model: model, labels: labels, start: monotonicNanos())
    do throws(CaptureError) {
      try reopen(path, policy)
    } catch {
      throw BoardError(device: error)
    }
  }

  /// Opens and starts the camera.
  private mutating func reopen(_ path: String, _ policy: ReopenPolicy) throws(CaptureError) {
    let opened = try V4L2Source(
      path: path, request: request, frameTimeoutMilliseconds: policy.frameTimeoutMilliseconds,
      health: health)
    streamDescription = "\(opened.stream.pixelFormat) \(opened.stream.frameFormat)"
    source = consume opened
  }

  /// `spikecam run --device --json`'s line: the same fields, computed the same way (frames per
  /// second since the start, frames the driver dropped, latency from capture to the line).
  func line(clip: Int?, frame: Int, decision: Decision, label: String) -> String {
    let now = monotonicNanos()
    return lines.decision(
      frame: frame, decision: decision, top: [], scores: [], frames: progress.frames,
      dropped: progress.dropped,
      latencyNanos: now &- min(now, captureNanos), now: now)
  }


  /// Prints an event as `spikecam run --device --json` does: its line on stdout, its sentence
  /// on stderr.
  func report(_ report: StreamReport) {
    let frames = progress.frames
    print(
      lines.event(report.name, frame: frames > 0 ? frames - 1 : nil, now: monotonicNanos()) {
        $0.add(membersOf: report.fields)
      })
    note("spikecam-board: " + TerminalText.safe(report.message))
  }

  /// Waits for the next good frame and preprocesses it into `frame`; false when a stop was
  /// requested. Rides out a lost camera as `spikecam run` does; throws (exit 74) once the
  /// reopen attempts of one outage are spent.
  mutating func next() throws(BoardError) -> Bool {
    while true {
      if let due = corruptReports.next(health, now: monotonicNanos()) {
        report(StreamReport(due, device: path))
      }
      guard source != nil else {
        if try !attemptReopen() { return false }
        continue
      }
      // withUnsafeMutableBufferPointer rethrows untyped errors; Result keeps the typed one.
      let result = frame.withUnsafeMutableBufferPointer { pixels in
        Result { () throws(CaptureError) in try source!.nextFrame(into: pixels) }
      }
      switch result {
      case .success(let stamp):
        guard let stamp else { return false }
        if spikecam_stop_cause() != 0 { return false }
        reopener.delivered()
        progress.count(stamp)
        captureNanos = stamp.captureNanos
        return true
      case .failure(let error):
        // A read cut short by SIGINT/SIGTERM is the stop asked for, not a fault.
        if spikecam_stop_cause() != 0 { return false }
        source = nil  // closes the device before anything waits
        report(StreamReport(reopener.lost(error), device: path))
      }
    }
  }

  /// One reopen attempt after its back-off; false when a stop was requested meanwhile.
  private mutating func attemptReopen() throws(BoardError) -> Bool {
    do throws(StreamError) {
      guard try reopener.waitForAttempt(cancel: .stopRequest) else { return false }
    } catch {
      throw BoardError(74, error.description)
    }
    do throws(CaptureError) {
      try reopen(path, reopener.policy)
      report(StreamReport(reopener.reopened(), device: path))
      // A new stream: sequence numbers start again.
      progress.lastSequence = nil
      restarted = true
    } catch {
      report(StreamReport(reopener.failed(error), device: path))
    }
    return true
  }

  /// Whether a reopened camera started a new stream since the last call: the frames before the
  /// outage must not be differenced against the ones after it.
  mutating func takeRestart() -> Bool {
    defer { restarted = false }
    return restarted
  }

  /// A camera cannot be played again.
  mutating func rewind() throws(BoardError) {
    throw BoardError(BoardError.usage, "\(path) is a camera: --repeat does not apply")
  }

  /// Stops streaming and closes the device (`VideoDevice`'s deinit), before the closing event.
  mutating func close() { source = nil }
}

extension BoardError {
  /// A camera failure with the exit code `spikecam run --device` gives it: 75 busy (try again
  /// later), 77 no permission, 74 lost while streaming, 69 anything else that makes the device
  /// unusable (missing, not a camera, no format SpikeCam decodes).
  init(device error: CaptureError) {
    let code: Int32
    switch error {
    case .deviceBusy: code = 75
    case .permissionDenied, .deviceAccessDenied: code = 77
    case .deviceVanished, .frameTimeout: code = 74
    default: code = 69
    }
    self.init(code, error.description)
  }
}
