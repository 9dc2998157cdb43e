import Foundation
import SpikeCapture

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
    emit(
      "corrupt_frames", "\"count\":\(count),\"total\":\(total),\"reason\":\(DevicesReport.quote(reason))",
      "\(count) corrupt frame(s) from \(device) skipped (\(total) so far; last: \(reason))")
  }

  func frameTimeout(milliseconds: Int) {
    emit(
      "frame_timeout", "\"timeout_ms\":\(milliseconds)",
      "no frame from \(device) within \(milliseconds) ms; closing it to reopen")
  }

  func deviceLost(_ error: CaptureError) {
    emit(
      "device_lost", "\"error\":\(DevicesReport.quote(error.description))",
      "lost \(device): \(error.description); will reopen")
  }

  func reopenFailed(_ error: CaptureError, attempt: Int, of attempts: Int) {
    emit(
      "reopen_failed",
      "\"attempt\":\(attempt),\"attempts\":\(attempts),\"error\":\(DevicesReport.quote(error.description))",
      "reopen attempt \(attempt) of \(attempts) failed: \(error.description)")
  }

  func reopened(attempt: Int) {
    emit("reopened", "\"attempt\":\(attempt)", "reopened \(device) (attempt \(attempt))")
  }

  func stopped(
    reason: String, frames: Int, decisions: Int, dropped: UInt64, corrupt: Int, reopens: Int
  ) {
    emit(
      "stopped",
      "\"reason\":\(DevicesReport.quote(reason)),\"frames\":\(frames),\"decisions\":\(decisions),"
        + "\"dropped\":\(dropped),\"corrupt\":\(corrupt),\"reopens\":\(reopens)",
      "\(corrupt) corrupt frame(s) skipped, \(reopens) reopen(s); stopped: \(reason)")
  }

  private func emit(_ name: String, _ fields: String, _ human: String) {
    let t = Double(Commands.monotonicNanos() - start) / 1e9
    if json {
      console.out(
        "{\"event\":\"\(name)\",\"t\":\(String(format: "%.3f", t)),\"device\":\(DevicesReport.quote(device)),"
          + fields + "}\n")
    }
    console.err("spikecam: \(human)\n")
  }
}
