#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board program compiles JSONWriter in
#endif

/// How a device run reports a stream event: its name in the `{"event":NAME,…}` lines
/// (docs/CLI.md, "run output"), one line for people on stderr, and the event's fields. One table
/// for `spikecam run` and the board program, so both print the same events.
public struct StreamReport {
  public let name: String
  public let message: String
  public let fields: JSONObject

  init(_ name: String, _ message: String, _ fill: (inout JSONObject) -> Void) {
    var fields = JSONObject()
    fill(&fields)
    (self.name, self.message, self.fields) = (name, message, fields)
  }

  /// The report of `event` on the camera at `device`.
  public init(_ event: StreamEvent, device: String) {
    switch event {
    case .corruptFrames(let count, let total, let last):
      let reason = last.map { "\($0)" } ?? "unknown"
      self.init(
        "corrupt_frames",
        "\(count) corrupt frame(s) from \(device) skipped (\(total) so far; last: \(reason))"
      ) {
        $0.add("count", count)
        $0.add("total", total)
        $0.add("reason", reason)
      }
    case .frameTimeout(let milliseconds):
      self.init(
        "frame_timeout", "no frame from \(device) within \(milliseconds) ms; closing it to reopen"
      ) { $0.add("timeout_ms", milliseconds) }
    case .deviceLost(let error):
      self.init("device_lost", "lost \(device): \(error.description); will reopen") {
        $0.add("error", error.description)
      }
    case .reopenFailed(let error, let attempt, let attempts):
      self.init(
        "reopen_failed", "reopen attempt \(attempt) of \(attempts) failed: \(error.description)"
      ) {
        $0.add("attempt", attempt)
        $0.add("attempts", attempts)
        $0.add("error", error.description)
      }
    case .reopened(let attempt):
      self.init("reopened", "reopened \(device) (attempt \(attempt))") { $0.add("attempt", attempt) }
    }
  }

  /// The closing event of a device run: why it stopped and what it counted.
  public static func stopped(
    reason: String, progress: StreamProgress, decisions: Int, corrupt: Int, reopens: Int
  ) -> StreamReport {
    StreamReport("stopped", "\(corrupt) corrupt frame(s) skipped, \(reopens) reopen(s); stopped: \(reason)") {
      $0.add("reason", reason)
      $0.add("frames", progress.frames)
      $0.add("decisions", decisions)
      $0.add("dropped", progress.dropped)
      $0.add("corrupt", corrupt)
      $0.add("reopens", reopens)
    }
  }
}
