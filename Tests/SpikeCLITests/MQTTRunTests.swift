import Foundation
import SpikeTestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `spikecam run --mqtt` against a real Mosquitto broker (Debian `mosquitto`) that each test
/// starts on 127.0.0.1 and a free port, watched by `mosquitto_sub`. Skipped, saying why, where
/// the broker is not installed (tools/setup.sh installs it; CI always has it).
@Suite(.enabled(if: MosquittoBroker.isInstalled, "needs mosquitto and mosquitto-clients (tools/setup.sh)"))
struct MQTTRunTests {
  static let model = packageRoot + "/calibration/gesture9-int8.safetensors"
  static let clip = packageRoot + "/calibration/sample-640x480.avi"

  static func run(_ extra: [String]) throws -> Spawned {
    try Spawned(Spawned.spikecam, ["run", "--model", model, "--clip", clip, "--json"] + extra)
  }

  static func lines(_ child: Spawned) -> [String] {
    child.stdout.split(separator: "\n").map(String.init)
  }

  /// Every decision `--on-change` prints arrives on the topic, byte for byte and in order;
  /// the status says `online` then `offline`; Home Assistant finds a sensor.
  @Test func everyPublishedDecisionArrives() throws {
    let broker = try MosquittoBroker()
    let recorder = try TopicRecorder(broker, filter: "#")
    let child = try Self.run(["--on-change", "--mqtt", broker.url("board/one")])
    let code = child.exitCode(within: 120)
    #expect(code == 0, "\(child.stderr)")
    let printed = Self.lines(child)
    #expect(printed.count > 1)
    #expect(recorder.wait(seconds: 30) { $0.filter { $0.topic == "board/one" }.count >= printed.count })
    #expect(recorder.payloads(on: "board/one") == printed)
    #expect(recorder.wait(seconds: 30) { $0.last { $0.topic == "board/one/status" }?.payload == "offline" })
    #expect(recorder.payloads(on: "board/one/status") == ["online", "offline"])
    #expect(child.stderr.contains("mqtt: \(printed.count) published, 0 dropped"), "\(child.stderr)")

    // A subscriber that comes later gets the retained status and discovery configs.
    let late = try TopicRecorder(broker, filter: "#")
    #expect(late.wait(seconds: 30) { $0.filter(\.retained).count >= 3 })
    let retained = late.messages.filter(\.retained)
    #expect(retained.contains { $0.topic == "board/one/status" && $0.payload == "offline" })
    let classConfig = try #require(retained.first { $0.topic == "homeassistant/sensor/board_one/class/config" })
    let config = try #require(
      try JSONSerialization.jsonObject(with: Data(classConfig.payload.utf8)) as? [String: Any])
    #expect(config["state_topic"] as? String == "board/one")
    #expect(config["availability_topic"] as? String == "board/one/status")
    #expect(config["value_template"] as? String == "{{ value_json.label }}")
    #expect((config["options"] as? [String])?.count == 9)
    #expect(retained.contains { $0.topic == "homeassistant/sensor/board_one/score/config" })
    #expect(!late.messages.contains { $0.topic == "board/one" }, "decisions are not retained")
  }

  /// The broker dies mid-run: classification goes on (stdout keeps growing), the client
  /// reconnects to the restarted broker and says `online` again; killed with SIGKILL, its last
  /// will says `offline`; started again, `online`.
  @Test func survivesTheBrokerRestartingAndLeavesAWill() throws {
    let broker = try MosquittoBroker()
    var recorder = try TopicRecorder(broker, filter: "board/two/#")
    let child = try Self.run([
      "--loop", "--realtime", "--mqtt", broker.url("board/two"), "--mqtt-discovery", "off",
    ])
    defer { child.signal(SIGKILL) }
    #expect(recorder.wait(seconds: 60) { $0.filter { $0.topic == "board/two" }.count >= 3 }, "\(child.stderr)")
    #expect(recorder.payloads(on: "board/two/status").first == "online")

    broker.kill()
    recorder.stop()
    // No broker: decisions go on at the clip's pace.
    let before = Self.lines(child).count
    #expect(child.wait(upTo: 60) { Self.lines(child).count >= before + 12 }, "\(child.stderr)")
    #expect(!child.exited)
    #expect(child.wait(upTo: 30) { child.stderr.contains("lost") }, "\(child.stderr)")

    // Back: a fresh broker has nothing retained, so `online` is the reconnect's.
    try broker.start()
    recorder = try TopicRecorder(broker, filter: "board/two/#")
    #expect(recorder.wait(seconds: 90) { $0.contains { $0.topic == "board/two/status" && $0.payload == "online" } }, "\(child.stderr)")
    #expect(recorder.wait(seconds: 60) { $0.filter { $0.topic == "board/two" }.count >= 3 })
    // What arrives is what was printed (stdout is written before the line is queued).
    let printed = Set(Self.lines(child))
    for payload in recorder.payloads(on: "board/two") { #expect(printed.contains(payload)) }

    // Killed without a goodbye: the broker publishes the will.
    child.signal(SIGKILL)
    _ = child.exitCode(within: 30)
    #expect(recorder.wait(seconds: 60) { $0.last { $0.topic == "board/two/status" }?.payload == "offline" })

    // The service restarted: `online` again (then `offline` at its clean end).
    let again = try Self.run(["--frames", "20", "--mqtt", broker.url("board/two"), "--mqtt-discovery", "off"])
    #expect(again.exitCode(within: 120) == 0, "\(again.stderr)")
    #expect(recorder.wait(seconds: 30) { $0.filter { $0.topic == "board/two/status" }.count >= 4 })
    #expect(recorder.payloads(on: "board/two/status") == ["online", "offline", "online", "offline"])
  }

  /// A broker that accepts the connection and never answers: the run goes at full speed and
  /// ends after the flush wait, with everything counted as unsent.
  @Test func aHungBrokerHoldsNothingUp() throws {
    let silent = try SilentListener()
    let child = try Self.run(["--on-change", "--mqtt", "mqtt://127.0.0.1:\(silent.port)/board/four"])
    #expect(child.exitCode(within: 120) == 0, "\(child.stderr)")
    #expect(Self.lines(child).count > 1)
    #expect(child.stderr.contains("96 frames, 81 decisions"), "\(child.stderr)")
    #expect(child.stderr.contains("mqtt: 0 published, 0 dropped (queue full), \(Self.lines(child).count) unsent"), "\(child.stderr)")
  }

  /// No broker at all: the run is not held up, prints every decision, and says what it could
  /// not send; a small queue drops the oldest and counts them.
  @Test func noBrokerHoldsNothingUp() throws {
    let port = try MosquittoBroker.freePort()
    let child = try Self.run(["--mqtt", "mqtt://127.0.0.1:\(port)/board/three", "--mqtt-queue", "5"])
    #expect(child.exitCode(within: 120) == 0, "\(child.stderr)")
    #expect(Self.lines(child).count == 96 - 15)
    #expect(child.stderr.contains("cannot connect"), "\(child.stderr)")
    #expect(child.stderr.contains("mqtt: 0 published, 76 dropped (queue full), 5 unsent"), "\(child.stderr)")
  }
}
