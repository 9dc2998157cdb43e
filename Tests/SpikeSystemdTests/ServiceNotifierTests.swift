import Foundation
import SpikeSystemd
import SpikeTestSupport
import Testing

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
