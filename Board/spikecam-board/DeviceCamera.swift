import CSpikeBoard
import SpikeCore

/// A V4L2 camera played as `spikecam run --device` plays it, with the host's own capture code:
/// `V4L2Source` opens the node, chooses the format and size (`Negotiation`: MJPEG, JPEG, YUYV or
/// GREY, the smallest size covering the preprocessing), streams through mmap'ed buffers, decodes
/// (`FrameConverter`: libjpeg at the smallest DCT scale, or the luma bytes) and preprocesses
/// (`Preprocess.live`). Corrupt frames are skipped and counted. One thread: a frame is classified
/// before the next is dequeued, and frames the driver dropped meanwhile show as gaps in its
/// sequence numbers, counted in `progress` as `spikecam run` counts them. No reopen: a camera that goes away ends the run with
/// exit 74, for the service manager to restart it.
struct DeviceCamera: BoardClips, ~Copyable {
  let path: String
  private(set) var frame: [UInt8]
  /// Frames delivered, and frames the driver dropped (gaps in its sequence numbers).
  private(set) var progress = StreamProgress()
  private var source: V4L2Source
  /// `spikecam run`'s lines (schema 1), with the model's id and class names.
  private let lines: RunLines
  /// The capture time of the last frame.
  private var captureNanos: UInt64 = 0

  /// Opens and starts the camera at `path` for a model whose input is `output`.
  init(
    path: String, output: FrameFormat, frameTimeoutMilliseconds: Int, model: String,
    labels: [String]
  ) throws(BoardError) {
    do throws(CaptureError) {
      source = try V4L2Source(
        path: path, request: CaptureRequest(preprocess: Preprocess.live(for: output)),
        frameTimeoutMilliseconds: frameTimeoutMilliseconds)
    } catch {
      throw BoardError(device: error)
    }
    self.path = path
    frame = [UInt8](repeating: 0, count: output.byteCount)
    lines = RunLines(
      sourceKey: "device", source: path, model: model, labels: labels, start: monotonicNanos())
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

  /// What the camera was set to, e.g. `MJPG 640x480`.
  var streamDescription: String { "\(source.stream.pixelFormat) \(source.stream.frameFormat)" }

  /// Frames skipped as corrupt, and why the last one was.
  var skipped: (count: Int, last: String) {
    (source.skipped, source.lastSkip.map { "\($0)" } ?? "")
  }

  /// Waits for the next good frame and preprocesses it into `frame`. A camera never ends.
  mutating func next() throws(BoardError) -> Bool {
    // withUnsafeMutableBufferPointer rethrows untyped errors; Result keeps the typed one.
    let result = frame.withUnsafeMutableBufferPointer { pixels in
      Result { () throws(CaptureError) in try source.nextFrame(into: pixels) }
    }
    let stamp: FrameStamp?
    switch result {
    case .success(let value): stamp = value
    case .failure(let error): throw BoardError(device: error)
    }
    guard let stamp else { return false }
    progress.count(stamp)
    captureNanos = stamp.captureNanos
    return true
  }

  /// A camera cannot be played again.
  mutating func rewind() throws(BoardError) {
    throw BoardError(BoardError.usage, "\(path) is a camera: --repeat does not apply")
  }

  /// Nothing to do: the device stops streaming and closes when the camera is dropped
  /// (`VideoDevice`'s deinit), on every path.
  func close() {}
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
