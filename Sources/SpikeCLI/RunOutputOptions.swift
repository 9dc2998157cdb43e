import SpikeCore
import SpikeMQTT

#if canImport(Glibc)
  import Glibc
#endif

/// `run`'s options about which decisions it publishes and where, parsed in one place:
/// `--json`, `--on-change`, `--min-score`, `--smooth`, `--smooth-by`, `--top-k`, and `--mqtt`
/// with its TLS, password, queue and discovery options.
struct RunOutputOptions {
  /// Environment variable the MQTT password may come from (better than the URL: it does not
  /// show in `ps`).
  static let passwordVariable = "SPIKECAM_MQTT_PASSWORD"
  /// Queued MQTT messages at most by default.
  static let defaultQueue = 1000

  /// One JSON line per published decision on stdout (else a status line on a terminal).
  var json: Bool
  /// Which decisions are published.
  var policy: DecisionPolicy
  /// Where they are published besides stdout, if anywhere.
  var mqtt: MQTTSettings?

  /// `--mqtt` and what goes with it.
  struct MQTTSettings {
    var endpoint: MQTTEndpoint
    var caFile: String?
    var certificateFile: String?
    var keyFile: String?
    var queue: Int
    /// Home Assistant discovery prefix, nil when off.
    var discoveryPrefix: String?
  }

  /// The option specs, for `spikecam run --help`.
  static let specs: [OptionSpec] = OptionSpec.table(
    """
    [--on-change]                    Publish a decision only when its class changes.
    [--min-score <S>]                Publish only decisions scoring at least S (0…1, default 0).
    [--smooth <N>]                   Smooth each decision over the last N (default 1: none).
    [--smooth-by <majority|mean>]    Smoothing: the class decided most often, or the best mean score
                                     (default majority).
    [--top-k <K>]                    List the K best classes and their scores in each line.
    [--mqtt <URL>]                   Also publish to mqtt://[user[:password]@]host[:port]/topic (or
                                     mqtts://…), QoS 1.
    [--mqtt-ca <FILE>]               mqtts: CA certificate(s) to trust (PEM; default the system's).
    [--mqtt-cert <FILE>]             mqtts: client certificate (PEM), with --mqtt-key.
    [--mqtt-key <FILE>]              mqtts: the client certificate's key (PEM, unencrypted).
    [--mqtt-password-file <FILE>]    MQTT password from FILE (else $\(passwordVariable), else the
                                     URL).
    [--mqtt-queue <N>]               Messages kept while the broker is away; the oldest go first
                                     (default \(defaultQueue)).
    [--mqtt-discovery <PREFIX|off>]  Home Assistant discovery topic prefix (default homeassistant),
                                     or off.
    """)

  /// Parses the options for a model of `labels.count` classes; `environment` reads a variable.
  init(
    arguments: ParsedArguments, classes: Int, console: Console,
    environment: (String) -> String? = { getenv($0).map { String(cString: $0) } }
  ) throws(CLIError) {
    json = arguments.flag("json") || !console.isTerminal
    policy = try Self.policy(
      arguments, classes: classes, defaults: DecisionPolicy(onChange: arguments.flag("on-change")))
    mqtt = try Self.mqtt(arguments, environment: environment)
  }

  /// The decision policy of `--min-score`, `--smooth`, `--smooth-by` and `--top-k`, each option
  /// not given taken from `defaults`; `run` (defaults: every decision as it comes) and
  /// `eval --suite` (which scores the gesture events `run --on-change` would publish, defaults
  /// `Commands.streamPolicy`) share it.
  static func policy(
    _ arguments: ParsedArguments, classes: Int, defaults: DecisionPolicy
  ) throws(CLIError) -> DecisionPolicy {
    var policy = defaults
    policy.window = try arguments.integer(
      "smooth", default: defaults.window, in: 1...DecisionPolicy.maxWindow)
    policy.topK = try arguments.integer("top-k", default: defaults.topK, in: 0...classes)
    if let text = arguments.value("min-score") {
      guard let q = Q15.parse(text) else {
        throw .usage("--min-score takes a number in 0...1 (e.g. 0.6), got '\(text)'")
      }
      policy.minimumScore = q
    }
    switch arguments.value("smooth-by") {
    case nil: break
    case "majority": policy.smoothing = .majority
    case "mean": policy.smoothing = .meanScore
    case let other?: throw .usage("--smooth-by takes majority or mean, got '\(other)'")
    }
    if let problem = policy.problem(classes: classes) { throw .usage(problem) }
    return policy
  }

  private static func mqtt(_ arguments: ParsedArguments, environment: (String) -> String?)
    throws(CLIError) -> MQTTSettings?
  {
    let dependent = ["mqtt-ca", "mqtt-cert", "mqtt-key", "mqtt-password-file", "mqtt-queue", "mqtt-discovery"]
    guard let url = arguments.value("mqtt") else {
      if let option = dependent.first(where: { arguments.value($0) != nil }) {
        throw .usage("--\(option) needs --mqtt URL")
      }
      return nil
    }
    var endpoint: MQTTEndpoint
    do throws(MQTTEndpoint.ParseError) {
      endpoint = try MQTTEndpoint(parsing: url)
    } catch {
      throw .usage(error.description)
    }
    if let file = arguments.value("mqtt-password-file") {
      endpoint.password = try readPassword(file)
    } else if let password = environment(passwordVariable) {
      endpoint.password = password
    }
    if endpoint.password != nil && endpoint.username == nil {
      throw .usage(
        "an MQTT password needs a user name in the URL (mqtt://USER@host/topic)")
    }
    var settings = MQTTSettings(
      endpoint: endpoint, caFile: arguments.value("mqtt-ca"),
      certificateFile: arguments.value("mqtt-cert"), keyFile: arguments.value("mqtt-key"),
      queue: try arguments.integer("mqtt-queue", default: defaultQueue, in: 1...1_000_000),
      discoveryPrefix: "homeassistant")
    if !endpoint.secure,
      let option = ["mqtt-ca", "mqtt-cert", "mqtt-key"].first(where: { arguments.value($0) != nil })
    {
      throw .usage("--\(option) is for TLS: use an mqtts:// URL")
    }
    if (settings.certificateFile == nil) != (settings.keyFile == nil) {
      throw .usage("--mqtt-cert and --mqtt-key go together")
    }
    for file in [settings.caFile, settings.certificateFile, settings.keyFile].compactMap({ $0 })
    where access(file, R_OK) != 0 {
      throw .missingInput("\(file): cannot read it (\(String(cString: strerror(errno))))")
    }
    switch arguments.value("mqtt-discovery") {
    case nil: break
    case "off"?: settings.discoveryPrefix = nil
    case let prefix?:
      guard !prefix.isEmpty, !prefix.contains("+"), !prefix.contains("#"), !prefix.hasSuffix("/") else {
        throw .usage("--mqtt-discovery takes a topic prefix without wildcards (e.g. homeassistant) or off")
      }
      settings.discoveryPrefix = prefix
    }
    return settings
  }

  /// The first line of `path`, without its line end; never echoed.
  private static func readPassword(_ path: String) throws(CLIError) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      let reason = String(cString: strerror(errno))
      if errno == ENOENT { throw .missingInput("\(path): no such password file") }
      throw .failure("\(path): cannot read the password file (\(reason))")
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while bytes.count <= 65536 {
      let n = read(fd, &chunk, chunk.count)
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { break }
      bytes += chunk[0..<n]
    }
    let line = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
    guard let text = String(validating: line, as: UTF8.self), !line.contains(0) else {
      throw .badInput("\(path): the password file is not UTF-8 text")
    }
    return text
  }
}
