import SpikeMQTT
import Testing

@Suite struct MQTTEndpointTests {
  @Test func parsesTheForms() throws {
    var e = try MQTTEndpoint(parsing: "mqtt://broker.local/spikecam/kitchen")
    #expect(e == MQTTEndpoint.expected(false, "broker.local", 1883, nil, nil, "spikecam/kitchen"))
    e = try MQTTEndpoint(parsing: "mqtts://board:s3cr%40t@10.0.0.2:8884/a%20b")
    #expect(e == MQTTEndpoint.expected(true, "10.0.0.2", 8884, "board", "s3cr@t", "a b"))
    e = try MQTTEndpoint(parsing: "MQTTS://[fe80::1]/t")
    #expect(e == MQTTEndpoint.expected(true, "fe80::1", 8883, nil, nil, "t"))
    e = try MQTTEndpoint(parsing: "mqtt://user@[::1]:1884/t")
    #expect(e == MQTTEndpoint.expected(false, "::1", 1884, "user", nil, "t"))
    // An empty password is a password.
    e = try MQTTEndpoint(parsing: "mqtt://user:@h/t")
    #expect(e.password == "")
  }

  @Test(arguments: [
    "broker/topic", "http://h/t", "mqtt://h", "mqtt://h/", "mqtt:///t", "mqtt://h:0/t",
    "mqtt://h:65536/t", "mqtt://h:x/t", "mqtt://h/a/+", "mqtt://h/#", "mqtt://[::1/t",
    "mqtt://[::1]x/t", "mqtt://@h/t", "mqtt://u:%zz@h/t", "mqtt://h/a%0", "mqtt://h/a%00b",
    "mqtt://h/a\u{1}b", "mqtt://h o/t", "mqtt://h/%FF",
  ])
  func refusesMalformedURLs(_ text: String) {
    #expect(throws: MQTTEndpoint.ParseError.self) { try MQTTEndpoint(parsing: text) }
  }

  /// The first '/' ends the authority: what follows is the topic, '@' and ':' included (a
  /// fuzzer's input; the topic happens to contain the password's text).
  @Test func theTopicMayContainAtSignsAndColons() throws {
    let e = try MQTTEndpoint(parsing: "mqtt://uant%20:99@99UnsafeRa/u@hoost:99@9/t")
    #expect(e == MQTTEndpoint.expected(false, "99UnsafeRa", 1883, "uant ", "99", "u@hoost:99@9/t"))
    #expect(e.description == "mqtt://uant :***@99UnsafeRa:1883/u@hoost:99@9/t")
  }

  @Test func neverPrintsThePassword() throws {
    let e = try MQTTEndpoint(parsing: "mqtt://board:hunter2@h:1/t")
    #expect(e.description == "mqtt://board:***@h:1/t")
    #expect(!e.description.contains("hunter2"))
    do {
      _ = try MQTTEndpoint(parsing: "mqtt://board:hunter2@h:99999/t")
      Issue.record("a bad port was accepted")
    } catch {
      #expect(!error.description.contains("hunter2"), "\(error)")
    }
  }
}

extension MQTTEndpoint {
  static func expected(
    _ secure: Bool, _ host: String, _ port: Int, _ user: String?, _ password: String?, _ topic: String
  ) -> MQTTEndpoint {
    var e = try! MQTTEndpoint(parsing: "mqtt://x/y")
    e.secure = secure
    e.host = host
    e.port = port
    e.username = user
    e.password = password
    e.topic = topic
    return e
  }
}
