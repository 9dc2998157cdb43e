/// How a file source hands out frames.
public enum ClipPacing: Sendable, Equatable {
  /// Every frame as soon as it is asked for (training, evaluation, soak tests).
  case asFastAsPossible
  /// At the clip's frame rate, as a camera would: frame n is due n frame intervals after the
  /// first, so a slow consumer catches up instead of drifting.
  case realTime
}

/// Stamps frames and, in real time, sleeps until each one is due. No allocation.
struct ClipPacer {
  let pacing: ClipPacing
  /// Nanoseconds between frames.
  let interval: UInt64
  private var start: UInt64 = 0
  private var delivered: UInt64 = 0

  init(pacing: ClipPacing, framesPerSecond: (numerator: Int, denominator: Int)) {
    self.pacing = pacing
    let (n, d) = framesPerSecond
    interval = n > 0 && d > 0 ? UInt64(1_000_000_000 * d / n) : 83_333_333  // default 12 fps
  }

  /// Waits (in real time) for the next frame's slot and returns its stamp.
  mutating func stamp() -> FrameStamp {
    if delivered == 0 { start = FileSystem.monotonicNanos() }
    if pacing == .realTime && delivered > 0 {
      FileSystem.sleep(untilMonotonicNanos: start &+ delivered &* interval)
    }
    let stamp = FrameStamp(sequence: delivered, captureNanos: FileSystem.monotonicNanos())
    delivered += 1
    return stamp
  }
}
