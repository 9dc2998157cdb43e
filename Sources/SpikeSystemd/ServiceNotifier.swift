#if canImport(Glibc)
  import Glibc
#endif

/// Talks to systemd through its notify socket (`sd_notify(3)`'s datagram protocol, no
/// libsystemd): `READY=1` once the work is flowing, `WATCHDOG=1` while it keeps flowing, and
/// `STOPPING=1` on the way out. Without `NOTIFY_SOCKET` (not started by systemd with
/// `Type=notify`) there is no notifier and nothing is sent.
///
/// Watchdog pings are paced from the work itself: `workDone(now:)` is called per unit of work
/// (a classified frame) and pings at most every half `WATCHDOG_USEC`, so a stalled camera stops
/// the pings and lets systemd's watchdog restart the service.
public final class ServiceNotifier {
  /// The socket address, as given in `NOTIFY_SOCKET` (a path, or `@name` for the abstract
  /// namespace).
  public let socketPath: String
  /// The watchdog period systemd asked for (`WATCHDOG_USEC`, for this process), nanoseconds.
  public let watchdogNanos: UInt64?
  /// Whether `READY=1` was sent.
  public private(set) var isReady = false
  /// Watchdog pings sent.
  public private(set) var pings = 0
  private var lastPing: UInt64 = 0
  private let fd: Int32

  /// A notifier for the environment systemd gave this process, or nil outside systemd.
  public static func fromEnvironment() -> ServiceNotifier? {
    func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
    var environment: [String: String] = [:]
    for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { environment[name] = variable(name) }
    return ServiceNotifier(environment: environment, pid: Int(getpid()))
  }

  /// A notifier for `environment` (`NOTIFY_SOCKET`, `WATCHDOG_USEC`, `WATCHDOG_PID`) as seen by
  /// process `pid`; nil without a usable `NOTIFY_SOCKET`.
  public init?(environment: [String: String], pid: Int) {
    guard let path = environment["NOTIFY_SOCKET"], path.utf8.count >= 2,
      path.first == "/" || path.first == "@", path.utf8.count < 108
    else { return nil }
    socketPath = path
    // The watchdog is ours unless WATCHDOG_PID names another process (a forking parent).
    if let usec = environment["WATCHDOG_USEC"].flatMap({ UInt64($0) }), usec > 0,
      environment["WATCHDOG_PID"].flatMap({ Int($0) }).map({ $0 == pid }) ?? true
    {
      watchdogNanos = usec * 1000
    } else {
      watchdogNanos = nil
    }
    fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return nil }
  }

  deinit { close(fd) }

  /// One unit of work is done at monotonic time `now` (nanoseconds): the first sends
  /// `READY=1` (with `status`), later ones `WATCHDOG=1` when half the period has passed.
  public func workDone(now: UInt64, status: @autoclosure () -> String) {
    if !isReady {
      isReady = send("READY=1\nSTATUS=" + status())
      lastPing = now
      return
    }
    guard let period = watchdogNanos, now &- lastPing >= period / 2 else { return }
    if send("WATCHDOG=1") { pings += 1 }
    lastPing = now
  }

  /// `STATUS=…`: a line `systemctl status` shows.
  public func status(_ text: String) { _ = send("STATUS=" + text) }

  /// `STOPPING=1`: the service is shutting down.
  public func stopping() { _ = send("STOPPING=1") }

  /// Sends one datagram; whether it went out (systemd ignores what it cannot parse, and a
  /// missing socket is not the program's failure).
  @discardableResult
  public func send(_ message: String) -> Bool {
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let pathBytes = Array(socketPath.utf8)
    let capacity = MemoryLayout.size(ofValue: address.sun_path)
    guard pathBytes.count < capacity else { return false }
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (i, byte) in pathBytes.enumerated() { raw[i] = byte }
      // `@name` is the abstract namespace: a leading NUL and no terminator.
      if pathBytes.first == UInt8(ascii: "@") { raw[0] = 0 } else { raw[pathBytes.count] = 0 }
    }
    let length =
      MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + pathBytes.count
      + (pathBytes.first == UInt8(ascii: "@") ? 0 : 1)
    let bytes = Array(message.utf8)
    let sent = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
        sendto(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL), sa, socklen_t(length))
      }
    }
    return sent == bytes.count
  }
}
