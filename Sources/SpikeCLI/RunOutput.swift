import SpikeCapture
import SpikeMQTT
import SpikeSystem

/// Where `run`'s lines go: stdout (with JSON output) and, with `--mqtt`, the broker, the same
/// text for both. The run loop calls `decision` once per published decision and `event` once
/// per capture event; the MQTT publisher's connection notices go to stderr from here, on the
/// run loop's thread.
///
/// Topics under `--mqtt …/TOPIC`: decisions on `TOPIC`, events on `TOPIC/event`, the retained
/// `online`/`offline` status (and last will) on `TOPIC/status`, and Home Assistant discovery
/// under `PREFIX/sensor/NODE/…/config`.
final class RunOutput {
  /// How long `finish` waits for the broker to take what is queued.
  static let flushMilliseconds = 5000

  let lines: RunLines
  let json: Bool
  let console: Console
  private let mqtt: MQTTPublisher?
  private let topic: String

  init(lines: RunLines, options: RunOutputOptions, console: Console) throws(CLIError) {
    self.lines = lines
    json = options.json
    self.console = console
    guard let settings = options.mqtt else {
      mqtt = nil
      topic = ""
      return
    }
    topic = settings.endpoint.topic
    let node = HomeAssistantDiscovery.nodeID(topic: topic)
    var configuration = MQTTConfiguration(
      endpoint: settings.endpoint, clientID: "spikecam-\(lines.host)-\(node)",
      statusTopic: topic + "/status")
    configuration.caFile = settings.caFile
    configuration.certificateFile = settings.certificateFile
    configuration.keyFile = settings.keyFile
    configuration.queueCapacity = settings.queue
    if let prefix = settings.discoveryPrefix {
      configuration.announcements = HomeAssistantDiscovery.messages(
        prefix: prefix, topic: topic, lines: lines)
    }
    do throws(MQTTSetupError) {
      mqtt = try MQTTPublisher(configuration)
    } catch {
      throw .failure("--mqtt \(settings.endpoint.description): \(error.description)")
    }
  }

  /// Whether lines go to a broker (so they are made even without JSON on stdout).
  var publishes: Bool { mqtt != nil }

  /// One published decision line.
  func decision(_ line: String) {
    if json { console.out(line + "\n") }
    mqtt?.publish(MQTTMessage(topic: topic, text: line))
    relayNotices()
  }

  /// Frames read so far (the run loop keeps it current), for the events' `frame`.
  var framesRead = 0

  /// One event line (`RunLines.event` with `fields`), and its sentence for people on stderr.
  func event(_ name: String, human: String, _ fields: (inout JSONObject) -> Void) {
    let line = lines.event(
      name, frame: framesRead > 0 ? framesRead - 1 : nil, now: Commands.monotonicNanos(), fields)
    if json { console.out(line + "\n") }
    mqtt?.publish(MQTTMessage(topic: topic + "/event", text: line))
    console.err("spikecam: " + TerminalText.safe(human) + "\n")
    relayNotices()
  }

  /// The MQTT connection's news since the last call, on stderr.
  func relayNotices() {
    guard let mqtt else { return }
    for notice in mqtt.takeNotices() { console.err("spikecam: mqtt: \(notice)\n") }
  }

  /// Gives the broker up to `flushMilliseconds` for what is queued, says `offline`, and
  /// reports the MQTT counts on stderr.
  func finish() {
    guard let mqtt else { return }
    let stats = mqtt.close(flushWithinMilliseconds: Self.flushMilliseconds)
    relayNotices()
    console.err(
      "spikecam: mqtt: \(stats.published) published, \(stats.dropped) dropped (queue full), "
        + "\(stats.unsent) unsent, \(stats.connections) connection(s)\n")
  }
}

/// Home Assistant MQTT discovery: two retained sensor configs (the class, as an enum of the
/// model's labels, and its score in %) so a board shows up as a device with its availability
/// taken from the status topic.
enum HomeAssistantDiscovery {
  /// A node id Home Assistant accepts (`[a-zA-Z0-9_-]`), from the board's topic.
  static func nodeID(topic: String) -> String {
    String(
      String.UnicodeScalarView(
        topic.unicodeScalars.map { s in
          switch s {
          case "a"..."z", "A"..."Z", "0"..."9", "_", "-": return s
          default: return "_"
          }
        }))
  }

  static func messages(prefix: String, topic: String, lines: RunLines) -> [MQTTMessage] {
    let node = nodeID(topic: topic)
    var device = JSONObject()
    device.add("identifiers", json: JSON.array(strings: ["spikecam_" + node]))
    device.add("name", "SpikeCam " + topic)
    device.add("manufacturer", "SpikeCam")
    device.add("model", "spikecam run (\(lines.model))")
    device.add("sw_version", SpikeCam.version)
    func sensor(_ key: String, _ name: String, _ fill: (inout JSONObject) -> Void) -> MQTTMessage {
      var config = JSONObject()
      config.add("name", name)
      config.add("unique_id", "spikecam_\(node)_\(key)")
      config.add("state_topic", topic)
      config.add("json_attributes_topic", topic)
      config.add("availability_topic", topic + "/status")
      config.add("payload_available", "online")
      config.add("payload_not_available", "offline")
      fill(&config)
      config.add("device", json: device.json)
      return MQTTMessage(topic: "\(prefix)/sensor/\(node)/\(key)/config", text: config.json, retain: true)
    }
    return [
      sensor("class", "Class") { c in
        c.add("value_template", "{{ value_json.label }}")
        c.add("device_class", "enum")
        c.add("options", json: JSON.array(strings: lines.labels))
        c.add("icon", "mdi:motion-sensor")
      },
      sensor("score", "Score") { c in
        c.add("value_template", "{{ (value_json.score * 100) | round(1) }}")
        c.add("unit_of_measurement", "%")
        c.add("state_class", "measurement")
      },
    ]
  }
}
