import SpikeCapture
import SpikeSystem

/// The fault reports of `spikecam run --device`: one `spikecam: …` line on stderr each, and
/// one `{"event":NAME,…}` line through the run's output (stdout with JSON output, the broker's
/// `TOPIC/event` with `--mqtt`), between the decision lines (which have no `event` key). The
/// schema is in docs/CLI.md, "run output".
struct RunEvents {
  let output: RunOutput

  /// One stream event.
  func report(_ event: StreamEvent) {
    switch event {
    case .corruptFrames(let count, let total, let last): corrupt(count, total: total, last: last)
    case .frameTimeout(let milliseconds): frameTimeout(milliseconds: milliseconds)
    case .deviceLost(let error): deviceLost(error)
    case .reopenFailed(let error, let attempt, let attempts): reopenFailed(error, attempt: attempt, of: attempts)
    case .reopened(let attempt): reopened(attempt: attempt)
    }
  }

  func corrupt(_ count: Int, total: Int, last: SkipReason?) {
    let reason = last.map { "\($0)" } ?? "unknown"
    emit("corrupt_frames", "\(count) corrupt frame(s) from \(device) skipped (\(total) so far; last: \(reason))") {
      $0.add("count", count)
      $0.add("total", total)
      $0.add("reason", reason)
    }
  }

  func frameTimeout(milliseconds: Int) {
    emit("frame_timeout", "no frame from \(device) within \(milliseconds) ms; closing it to reopen") {
      $0.add("timeout_ms", milliseconds)
    }
  }

  func deviceLost(_ error: CaptureError) {
    emit("device_lost", "lost \(device): \(error.description); will reopen") {
      $0.add("error", error.description)
    }
  }

  func reopenFailed(_ error: CaptureError, attempt: Int, of attempts: Int) {
    emit("reopen_failed", "reopen attempt \(attempt) of \(attempts) failed: \(error.description)") {
      $0.add("attempt", attempt)
      $0.add("attempts", attempts)
      $0.add("error", error.description)
    }
  }

  func reopened(attempt: Int) {
    emit("reopened", "reopened \(device) (attempt \(attempt))") { $0.add("attempt", attempt) }
  }

  /// The closing event of a device run, with the corrupt-frame and reopen counts on stderr.
  func stopped(
    reason: String, progress: StreamProgress, decisions: Int, corrupt: Int, reopens: Int
  ) {
    let frames = progress.frames
    let dropped = progress.dropped
    emit("stopped", "\(corrupt) corrupt frame(s) skipped, \(reopens) reopen(s); stopped: \(reason)") {
      $0.add("reason", reason)
      $0.add("frames", frames)
      $0.add("decisions", decisions)
      $0.add("dropped", dropped)
      $0.add("corrupt", corrupt)
      $0.add("reopens", reopens)
    }
  }

  private var device: String { output.lines.source }

  private func emit(_ name: String, _ human: String, _ fields: (inout JSONObject) -> Void) {
    output.event(name, human: human, fields)
  }
}
