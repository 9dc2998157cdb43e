import Foundation
import SpikeSystemd
import Testing

/// A stand-in for systemd's notify socket: a Unix datagram socket the test binds (a path, or a
/// name in the abstract namespace), read with generous deadlines.
final class FakeNotifySocket {
  let fd: Int32
  let address: String

  init(abstract: Bool = false) throws {
    fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
    try #require(fd >= 0)
    let name = "spikecam-notify-" + UUID().uuidString.prefix(8)
    address = abstract ? "@" + name : NSTemporaryDirectory() + name
    var sa = sockaddr_un()
    sa.sun_family = sa_family_t(AF_UNIX)
    let bytes = Array(address.utf8)
    withUnsafeMutableBytes(of: &sa.sun_path) { raw in
      for (i, b) in bytes.enumerated() { raw[i] = b }
      if abstract { raw[0] = 0 }
    }
    let length = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + bytes.count + (abstract ? 0 : 1)
    let rc = withUnsafePointer(to: &sa) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(length)) }
    }
    try #require(rc == 0, "bind \(address): \(errno)")
  }

  deinit {
    close(fd)
    if !address.hasPrefix("@") { unlink(address) }
  }

  /// The next datagram, or nil when none comes within `seconds`.
  func receive(within seconds: Int32 = 30) -> String? {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    guard poll(&p, 1, seconds * 1000) == 1 else { return nil }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = recv(fd, &buffer, buffer.count, 0)
    return n >= 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
  }

  /// Whether a datagram is waiting right now.
  var hasPending: Bool {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    return poll(&p, 1, 0) == 1
  }
}

@Suite struct ServiceNotifierTests {
  @Test(arguments: [false, true]) func readyThenPacedWatchdogThenStopping(abstract: Bool) throws {
    let socket = try FakeNotifySocket(abstract: abstract)
    let notifier = try #require(
      ServiceNotifier(
        environment: ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "2000000"], pid: 42))
    #expect(notifier.watchdogNanos == 2_000_000_000)
    let ms: UInt64 = 1_000_000
    notifier.workDone(now: 10 * ms, status: "classifying /dev/video0")
    #expect(socket.receive() == "READY=1\nSTATUS=classifying /dev/video0")
    // Pings at most every half period (1 s), counted from the last one.
    for t in stride(from: 20, through: 1000, by: 33) { notifier.workDone(now: UInt64(t) * ms, status: "") }
    #expect(!socket.hasPending)
    notifier.workDone(now: 1010 * ms, status: "")
    #expect(socket.receive() == "WATCHDOG=1")
    notifier.workDone(now: 1500 * ms, status: "")
    #expect(!socket.hasPending)
    notifier.workDone(now: 2020 * ms, status: "")
    #expect(socket.receive() == "WATCHDOG=1")
    #expect(notifier.pings == 2)
    // No work, no pings: a stalled camera lets the watchdog fire.
    #expect(!socket.hasPending)
    notifier.stopping()
    #expect(socket.receive() == "STOPPING=1")
  }

  @Test func theWatchdogOfAnotherProcessIsNotOurs() throws {
    let socket = try FakeNotifySocket()
    let notifier = try #require(
      ServiceNotifier(
        environment: ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "1000", "WATCHDOG_PID": "7"],
        pid: 42))
    #expect(notifier.watchdogNanos == nil)
    notifier.workDone(now: 0, status: "x")
    #expect(socket.receive() == "READY=1\nSTATUS=x")
    notifier.workDone(now: 10_000_000_000, status: "")
    #expect(!socket.hasPending)
  }

  @Test func noNotifySocketNoNotifier() {
    #expect(ServiceNotifier(environment: [:], pid: 1) == nil)
    #expect(ServiceNotifier(environment: ["NOTIFY_SOCKET": "relative/path"], pid: 1) == nil)
    #expect(ServiceNotifier(environment: ["NOTIFY_SOCKET": "@"], pid: 1) == nil)
  }

  @Test func aMissingSocketIsNotAFailure() throws {
    let notifier = try #require(
      ServiceNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/notify"], pid: 1))
    #expect(!notifier.send("READY=1"))
    notifier.workDone(now: 0, status: "")
    #expect(!notifier.isReady)
  }
}
