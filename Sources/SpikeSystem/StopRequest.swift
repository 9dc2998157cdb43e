#if canImport(Glibc)
  import CSpikeSystem
  import Glibc
#else
  import CSpikeBoard  // the board program: glibc and stop.c through its C seam
#endif

/// The process-wide request to stop, set by SIGINT/SIGTERM once `installHandlers` ran (or by
/// the program itself when its output went away). Long loops, sleeps and waits check it, so a
/// service manager's SIGTERM ends the program cleanly at any moment: exit 0, nothing half
/// written. The state lives in C static storage (CSpikeSystem, stop.c): a Swift global would be
/// initialised lazily behind a lock, which a signal handler must not take.
public enum StopRequest {
  /// The cause recorded when standard output's reader went away.
  public static let outputClosed: Int32 = -1
  /// The cause recorded when on-device learning cannot go on (an unreadable reward schedule).
  public static let learningFailed: Int32 = -2

  /// Installs the handlers for SIGINT and SIGTERM (without `SA_RESTART`, so a blocking call
  /// returns EINTR and its loop sees the request) and unblocks both signals: a parent may
  /// start us with them blocked, and a blocked signal would stay pending forever.
  public static func installHandlers() { spikecam_stop_install_handlers() }

  /// Puts back the actions `installHandlers` replaced (a command run in-process, as tests do,
  /// leaves the host's handling as it found it).
  public static func restoreHandlers() { spikecam_stop_restore_handlers() }

  /// Whether a stop was requested.
  public static var isRequested: Bool { spikecam_stop_cause() != 0 }

  /// What asked to stop: a signal number, `outputClosed`, or 0.
  public static var cause: Int32 { spikecam_stop_cause() }

  /// Asks to stop (the first cause wins).
  public static func request(_ cause: Int32) { spikecam_stop_request(cause) }

  /// Forgets a request (a new command in the same process, as tests run them).
  public static func reset() { spikecam_stop_reset() }

  /// Sleeps until the monotonic clock reads `nanos`, in slices of at most 50 ms that check the
  /// request; returns false when a stop request cut the sleep short.
  public static func sleep(untilMonotonicNanos nanos: UInt64) -> Bool {
    while !isRequested {
      let now = monotonicNanos()
      if now >= nanos { return true }
      let slice = min(nanos - now, 50_000_000)
      var wait = timespec(tv_sec: 0, tv_nsec: Int(slice))
      nanosleep(&wait, nil)
    }
    return false
  }

  /// The monotonic clock in nanoseconds (`CLOCK_MONOTONIC`, the cameras' clock too).
  public static func monotonicNanos() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
  }
}
