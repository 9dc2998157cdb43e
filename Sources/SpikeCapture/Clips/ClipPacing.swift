#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board program compiles SpikeSystem's files in
#endif

/// How a file source hands out frames.
public enum ClipPacing: Sendable, Equatable {
  /// Every frame as soon as it is asked for (training, evaluation, soak tests).
  case asFastAsPossible
  /// At the clip's frame rate, as a camera would: frame n is due n frame intervals after the
  /// first, so a slow consumer catches up instead of drifting.
  case realTime
}

/// Stamps frames and, in real time, sleeps until each one is due. No allocation. The interval
/// a file declares is capped at `maxInterval` (a header claiming one frame an hour must not
/// park the player), and the sleep is cut into slices that return at once when a stop is
/// requested (`StopRequest`: SIGINT/SIGTERM).
struct ClipPacer {
  /// Longest wait between two frames: 1 s (1 frame/s).
  static let maxInterval: UInt64 = 1_000_000_000

  let pacing: ClipPacing
  /// Nanoseconds between frames.
  let interval: UInt64
  private var start: UInt64 = 0
  private var delivered: UInt64 = 0

  init(pacing: ClipPacing, framesPerSecond: (numerator: Int, denominator: Int)) {
    self.pacing = pacing
    let (n, d) = framesPerSecond
    // default 12 fps
    let declared = n > 0 && d > 0 ? UInt64(1_000_000_000) * UInt64(d) / UInt64(n) : 83_333_333
    interval = min(declared, Self.maxInterval)
  }

  /// Waits (in real time) for the next frame's slot and returns its stamp.
  mutating func stamp() -> FrameStamp {
    if delivered == 0 { start = StopRequest.monotonicNanos() }
    if pacing == .realTime && delivered > 0 {
      _ = StopRequest.sleep(untilMonotonicNanos: start &+ delivered &* interval)
    }
    let stamp = FrameStamp(sequence: delivered, captureNanos: StopRequest.monotonicNanos())
    delivered += 1
    return stamp
  }
}
