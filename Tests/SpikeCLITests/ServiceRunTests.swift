import Foundation
import SpikeTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `spikecam run` as systemd runs `tools/systemd/spikecam.service`: READY, watchdog pings and
/// STOPPING on a notify socket the test binds (NOTIFY_SOCKET pointing at it), and the unit file
/// itself through `systemd-analyze verify`.
@Suite struct ServiceRunTests {
  static let model = packageRoot + "/calibration/gesture9-int8.safetensors"
  static let clip = packageRoot + "/calibration/sample-640x480.avi"

  @Test func tellsSystemdReadyThenPingsTheWatchdogThenStopping() throws {
    let socket = try FakeNotifySocket()
    // 0.4 s watchdog: a ping at most every 0.2 s while frames come at the clip's 12 frames/s.
    let child = try Spawned(
      Spawned.spikecam,
      ["run", "--model", Self.model, "--clip", Self.clip, "--loop", "--realtime", "--json"],
      environment: ["NOTIFY_SOCKET": socket.address, "WATCHDOG_USEC": "400000"])
    defer { child.signal(SIGKILL) }
    #expect(socket.receive(within: 120) == "READY=1\nSTATUS=classifying \(Self.clip)", "\(child.stderr)")
    for _ in 0..<3 { #expect(socket.receive(within: 60) == "WATCHDOG=1") }
    child.signal(SIGTERM)
    // Pings already sent may come first; STOPPING must follow.
    var last: String?
    repeat { last = socket.receive(within: 60) } while last == "WATCHDOG=1"
    #expect(last == "STOPPING=1")
    #expect(child.exitCode(within: 60) == 0, "\(child.stderr)")
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"),
    "needs systemd-analyze (tools/setup.sh installs systemd)"))
  func theUnitPassesSystemdAnalyzeVerify() throws {
    let child = try Spawned("/bin/bash", [packageRoot + "/tools/systemd/verify.sh", Spawned.spikecam])
    #expect(child.exitCode(within: 120) == 0, "\(child.stdout)\(child.stderr)")
    #expect(child.stdout.contains("verify passed"))
  }
}
