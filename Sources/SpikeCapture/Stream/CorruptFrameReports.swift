/// Turns a camera's count of corrupt frames (`CaptureHealth`) into `corruptFrames` events: the
/// first skip at once, then at most one report a second, so a stream of bad frames cannot
/// flood the output. `spikecam run` and the board program report alike.
public struct CorruptFrameReports: Sendable {
  var reported = 0
  var lastReport: UInt64 = 0

  public init() {}

  /// The skips since the last report, when one is due at monotonic time `now`.
  public mutating func next(_ health: CaptureHealth, now: UInt64) -> StreamEvent? {
    let skips = health.skips
    guard skips.count > reported else { return nil }
    guard reported == 0 || now &- lastReport >= 1_000_000_000 else { return nil }
    defer {
      reported = skips.count
      lastReport = now
    }
    return .corruptFrames(count: skips.count - reported, total: skips.count, last: skips.last)
  }
}
