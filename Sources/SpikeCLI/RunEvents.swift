import SpikeCapture
import SpikeSystem

/// The fault reports of `spikecam run --device`: one `spikecam: …` line on stderr each, and
/// with JSON output one `{"event":NAME,"t":SECONDS,"device":PATH,…}` line on stdout, between
/// the decision lines (which have no `event` key). The schema is in README, "Capture faults".
struct RunEvents {
  let device: String
  let json: Bool
  let console: Console
  let start: UInt64

  func corrupt(_ count: Int, total: Int, last: SkipReason?) {
    let reason = last.map { "\($0)" } ?? "unknown"
    var fields = JSONObject()
    fields.add("count", count)
    fields.add("total", total)
    fields.add("reason", reason)
    emit(
      "corrupt_frames", fields,
      "\(count) corrupt frame(s) from \(device) skipped (\(total) so far; last: \(reason))")
  }

  func frameTimeout(milliseconds: Int) {
    var fields = JSONObject()
    fields.add("timeout_ms", milliseconds)
    emit(
      "frame_timeout", fields,
      "no frame from \(device) within \(milliseconds) ms; closing it to reopen")
  }

  func deviceLost(_ error: CaptureError) {
    var fields = JSONObject()
    fields.add("error", error.description)
    emit("device_lost", fields, "lost \(device): \(error.description); will reopen")
  }

  func reopenFailed(_ error: CaptureError, attempt: Int, of attempts: Int) {
    var fields = JSONObject()
    fields.add("attempt", attempt)
    fields.add("attempts", attempts)
    fields.add("error", error.description)
    emit(
      "reopen_failed", fields,
      "reopen attempt \(attempt) of \(attempts) failed: \(error.description)")
  }

  func reopened(attempt: Int) {
    var fields = JSONObject()
    fields.add("attempt", attempt)
    emit("reopened", fields, "reopened \(device) (attempt \(attempt))")
  }

  func stopped(
    reason: String, frames: Int, decisions: Int, dropped: UInt64, corrupt: Int, reopens: Int
  ) {
    var fields = JSONObject()
    fields.add("reason", reason)
    fields.add("frames", frames)
    fields.add("decisions", decisions)
    fields.add("dropped", dropped)
    fields.add("corrupt", corrupt)
    fields.add("reopens", reopens)
    emit(
      "stopped", fields,
      "\(corrupt) corrupt frame(s) skipped, \(reopens) reopen(s); stopped: \(reason)")
  }

  /// One event: `{"event":NAME,"t":…,"device":…,` then `fields`' members.
  private func emit(_ name: String, _ fields: JSONObject, _ human: String) {
    let nanos = Int64(Commands.monotonicNanos() &- start)
    if json {
      var line = JSONObject()
      line.add("event", name)
      line.add("t", json: JSON.decimal(nanos, per: 1_000_000_000, digits: 3))
      line.add("device", device)
      line.add(membersOf: fields)
      console.out(line.json + "\n")
    }
    console.err("spikecam: " + TerminalText.safe(human) + "\n")
  }
}
