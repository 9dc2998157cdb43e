import Glibc

/// 0 while running; the signal number (SIGINT, SIGTERM) that asked to stop, or `outputClosed`.
nonisolated(unsafe) private var stopCause: sig_atomic_t = 0
/// The actions `installHandlers` replaced, for `restoreHandlers`.
nonisolated(unsafe) private var previousActions = (sigaction(), sigaction())

/// The process-wide request to stop, set by SIGINT/SIGTERM once `installHandlers` ran (or by
/// the program itself when its output went away). Long loops, sleeps and waits check it, so a
/// service manager's SIGTERM ends the program cleanly at any moment: exit 0, nothing half
/// written.
public enum StopRequest {
  /// The cause recorded when standard output's reader went away.
  public static let outputClosed: Int32 = -1

  /// Installs the handlers for SIGINT and SIGTERM (without `SA_RESTART`, so a blocking call
  /// returns EINTR and its loop sees the request) and unblocks both signals: a parent may
  /// start us with them blocked, and a blocked signal would stay pending forever.
  public static func installHandlers() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { number in
      if stopCause == 0 { stopCause = number }
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, &previousActions.0)
    sigaction(SIGTERM, &action, &previousActions.1)
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Puts back the actions `installHandlers` replaced (a command run in-process, as tests do,
  /// leaves the host's handling as it found it).
  public static func restoreHandlers() {
    sigaction(SIGINT, &previousActions.0, nil)
    sigaction(SIGTERM, &previousActions.1, nil)
  }

  /// Whether a stop was requested.
  public static var isRequested: Bool { stopCause != 0 }

  /// What asked to stop: a signal number, `outputClosed`, or 0.
  public static var cause: Int32 { stopCause }

  /// Asks to stop (the first cause wins).
  public static func request(_ cause: Int32) {
    if stopCause == 0 { stopCause = cause }
  }

  /// Forgets a request (a new command in the same process, as tests run them).
  public static func reset() { stopCause = 0 }

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
