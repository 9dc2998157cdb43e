import Foundation
import SpikeCapture
import SpikeCore

/// `spikecam run --device`: a capture thread fills a drop-oldest ring, this thread classifies,
/// and capture faults are reported and survived where they can be.
///
/// - corrupt frames are skipped and counted (a `corrupt_frames` event at most once a second);
/// - a frame timeout or a vanished device ends the capture session; the device is reopened
///   after a back-off that doubles from `--reopen-backoff` (capped at 30 s), up to `--reopen`
///   attempts per outage; an outage ends with the first frame delivered after a reopen, so a
///   device that opens but never delivers still runs out of attempts;
/// - when the attempts run out, `run` exits 74; busy (75), no permission (77) and unusable
///   devices (69) at start exit at once.
///
/// Every fault prints one `spikecam: …` line on stderr and one `{"event":…}` line through the
/// run's output (schema in docs/CLI.md, "run output").
struct RunDeviceLoop {
  let path: String
  let request: CaptureRequest
  let frameSlots: Int
  let policy: ReopenPolicy
  let health = CaptureHealth()
  var reporter: RunEvents
  var frameTimeoutMilliseconds: Int { policy.frameTimeoutMilliseconds }
  var reopenAttempts: Int { policy.attempts }

  init(
    path: String, preprocess: Preprocess, frameSlots: Int, policy: ReopenPolicy,
    loop: DecisionLoop
  ) {
    self.path = path
    request = CaptureRequest(preprocess: preprocess)
    self.frameSlots = frameSlots
    self.policy = policy
    reporter = RunEvents(output: loop.output)
  }

  /// Streams until `shouldStop`, `maxFrames`, or a fault that outlasts the reopen attempts.
  mutating func run(
    _ loop: inout DecisionLoop, maxFrames: Int, stopReason: () -> String?
  ) throws(CLIError) {
    func shouldStop() -> Bool { stopReason() != nil }
    let first: V4L2Source
    do throws(CaptureError) {
      first = try openSource()
    } catch {
      throw CLIError.device(error)
    }
    let ring = FrameRing(capacity: frameSlots, format: first.format)
    let firstSignal = first.stop!
    var capture = CaptureThread(source: first, ring: ring, stopSignal: firstSignal)
    var frame = [UInt8](repeating: 0, count: ring.format.byteCount)
    var reopens = 0
    var failedAttempts = 0  // reopen attempts in the current outage
    var reportedSkips = 0
    var lastSkipReport: UInt64 = 0
    while true {
      // Pump frames until the capture ends or we are asked to stop.
      var failure: CaptureError?
      while !shouldStop() && loop.frames < maxFrames {
        let stamp = frame.withUnsafeMutableBufferPointer { ring.pop(into: $0) }
        let skips = health.skips
        if skips.count > reportedSkips,
          reportedSkips == 0 || Commands.monotonicNanos() - lastSkipReport >= 1_000_000_000
        {
          reporter.corrupt(skips.count - reportedSkips, total: skips.count, last: skips.last)
          reportedSkips = skips.count
          lastSkipReport = Commands.monotonicNanos()
        }
        guard let stamp else {
          if case .running = capture.outcome {
            usleep(1000)
            continue
          }
          if case .failed(let error) = capture.outcome { failure = error }
          break
        }
        failedAttempts = 0
        frame.withUnsafeBufferPointer { loop.handle($0, stamp) }
      }
      capture.stop()  // joins; the device is closed when this returns
      if let reason = stopReason() {
        finish(loop, reopens: reopens, reason: reason)
        return
      }
      guard let failure else {
        finish(loop, reopens: reopens, reason: loop.frames >= maxFrames ? "frames" : "end")
        return
      }
      if case .frameTimeout = failure {
        reporter.frameTimeout(milliseconds: frameTimeoutMilliseconds)
      } else {
        reporter.deviceLost(failure)
      }
      // Reopen with back-off until a session starts, the attempts run out, or a stop request.
      var reopened: CaptureThread?
      var lastError = failure
      while reopened == nil && failedAttempts < reopenAttempts {
        failedAttempts += 1
        let delay = policy.backoff(attempt: failedAttempts)
        if !sleep(milliseconds: delay, unless: shouldStop) {
          finish(loop, reopens: reopens, reason: stopReason() ?? "signal")
          return
        }
        do throws(CaptureError) {
          let source = try openSource()
          let signal = source.stop!
          reopened = CaptureThread(source: source, ring: ring, stopSignal: signal)
        } catch {
          lastError = error
          reporter.reopenFailed(error, attempt: failedAttempts, of: reopenAttempts)
        }
      }
      guard let reopened else {
        finish(loop, reopens: reopens, reason: "device_lost")
        let tries = reopenAttempts == 1 ? "1 reopen attempt" : "\(reopenAttempts) reopen attempts"
        throw .deviceLost(
          "\(path) was lost and did not come back after \(tries) (last error: "
            + "\(lastError.description)); check the camera, or raise --reopen/--reopen-backoff")
      }
      reopens += 1
      reporter.reopened(attempt: failedAttempts)
      capture = reopened
      loop.restartStream()
    }
  }

  /// Opens the device with a fresh stop signal (a capture thread's signal is set when it ends).
  func openSource() throws(CaptureError) -> V4L2Source {
    try V4L2Source(
      path: path, request: request, frameTimeoutMilliseconds: frameTimeoutMilliseconds,
      stop: StopSignal(), health: health)
  }

  /// Sleeps in 20 ms slices; `false` when a stop request ended the wait.
  func sleep(milliseconds: Int, unless shouldStop: () -> Bool) -> Bool {
    var left = milliseconds
    while left > 0 {
      if shouldStop() { return false }
      let slice = min(left, 20)
      usleep(useconds_t(slice * 1000))
      left -= slice
    }
    return !shouldStop()
  }

  /// The closing event and the corrupt-frame and reopen counts on stderr.
  func finish(_ loop: DecisionLoop, reopens: Int, reason: String) {
    let corrupt = health.skips
    reporter.stopped(
      reason: reason, frames: loop.frames, decisions: loop.decisions, dropped: loop.dropped,
      corrupt: corrupt.count, reopens: reopens)
  }
}

/// How `run --device` rides out a lost device: `--frame-timeout-ms`, `--reopen`,
/// `--reopen-backoff`.
struct ReopenPolicy: Equatable {
  /// Longest back-off between two reopen attempts.
  static let maxBackoffMilliseconds = 30_000

  var frameTimeoutMilliseconds = 5000
  var attempts = 8
  var backoffMilliseconds = 500

  init(arguments: ParsedArguments) throws(CLIError) {
    frameTimeoutMilliseconds = try arguments.integer(
      "frame-timeout-ms", default: 5000, in: 100...600_000)
    attempts = try arguments.integer("reopen", default: 8, in: 0...1_000_000)
    backoffMilliseconds = try arguments.integer(
      "reopen-backoff", default: 500, in: 0...Self.maxBackoffMilliseconds)
  }

  /// `--reopen-backoff`, doubled for each further attempt, at most 30 s.
  func backoff(attempt: Int) -> Int {
    var delay = backoffMilliseconds
    for _ in 1..<max(1, attempt) where delay < Self.maxBackoffMilliseconds { delay *= 2 }
    return min(delay, Self.maxBackoffMilliseconds)
  }
}

extension DecisionLoop {
  /// A reopened device starts a new stream: its sequence numbers start again and the frames
  /// before the outage must not be differenced against the ones after it.
  mutating func restartStream() {
    if learningPipeline != nil { learningPipeline!.reset() } else { pipeline.reset() }
    filter.restartStream()
    lastSequence = nil
  }
}
