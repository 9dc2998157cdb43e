import SpikeCapture
import SpikeSystem

/// The fault reports of `spikecam run --device`: one `spikecam: …` line on stderr each, and
/// one `{"event":NAME,…}` line through the run's output (stdout with JSON output, the broker's
/// `TOPIC/event` with `--mqtt`), between the decision lines (which have no `event` key). What
/// each says is `StreamReport`'s, which the board program prints too; the schema is in
/// docs/CLI.md, "run output".
struct RunEvents {
  let output: RunOutput

  /// One stream event.
  func report(_ event: StreamEvent) {
    emit(StreamReport(event, device: output.lines.source))
  }

  /// The closing event of a device run, with the corrupt-frame and reopen counts on stderr.
  func stopped(
    reason: String, progress: StreamProgress, decisions: Int, corrupt: Int, reopens: Int
  ) {
    emit(
      .stopped(
        reason: reason, progress: progress, decisions: decisions, corrupt: corrupt,
        reopens: reopens))
  }

  private func emit(_ report: StreamReport) {
    output.event(report.name, human: report.message) { $0.add(membersOf: report.fields) }
  }
}
