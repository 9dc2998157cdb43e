import Foundation
import SpikeMQTT
import SpikeTestSupport
import Testing

/// `MQTTPublisher` against a real Mosquitto broker (Debian `mosquitto`, started by each test
/// on 127.0.0.1 and a free port); skipped, saying why, where the broker is not installed.
@Suite(.enabled(if: MosquittoBroker.isInstalled, "needs mosquitto and mosquitto-clients (tools/setup.sh)"))
struct MQTTPublisherBrokerTests {
  static func configuration(_ broker: MosquittoBroker, _ topic: String) throws -> MQTTConfiguration {
    var c = MQTTConfiguration(
      endpoint: try MQTTEndpoint(parsing: broker.url(topic)), clientID: "test-" + UUID().uuidString,
      statusTopic: topic + "/status")
    c.announcements = [MQTTMessage(topic: topic + "/config", text: "{\"hello\":1}", retain: true)]
    c.minBackoffMilliseconds = 100
    c.maxBackoffMilliseconds = 1000
    return c
  }

  @Test func everyMessageArrivesInOrderWithStatusAndAnnouncements() throws {
    let broker = try MosquittoBroker()
    let recorder = try TopicRecorder(broker, filter: "fleet/#")
    let publisher = try MQTTPublisher(Self.configuration(broker, "fleet"))
    let sent = (0..<300).map { "{\"n\":\($0)}" }
    for text in sent { publisher.publish(MQTTMessage(topic: "fleet", text: text)) }
    let stats = publisher.close(flushWithinMilliseconds: 20_000)
    #expect(stats.published == 300, "\(stats)")
    #expect(stats.unsent == 0 && stats.dropped == 0 && stats.connections == 1, "\(stats)")
    #expect(recorder.wait(seconds: 30) { $0.filter { $0.topic == "fleet" }.count >= 300 })
    let received = recorder.payloads(on: "fleet")
    #expect(received.count == sent.count)
    #expect(received == sent, "first difference at \(received.indices.first { $0 < sent.count && received[$0] != sent[$0] } ?? -1)")
    #expect(recorder.wait(seconds: 30) { $0.last { $0.topic == "fleet/status" }?.payload == "offline" })
    #expect(recorder.payloads(on: "fleet/status") == ["online", "offline"])
    #expect(recorder.payloads(on: "fleet/config") == ["{\"hello\":1}"])
  }

  @Test func reconnectsAfterTheBrokerRestartsAndSaysOnlineAgain() throws {
    let broker = try MosquittoBroker()
    let publisher = try MQTTPublisher(Self.configuration(broker, "fleet"))
    #expect(MosquittoBroker.waitFor(seconds: 30) { publisher.statistics.connected })
    broker.kill()
    #expect(MosquittoBroker.waitFor(seconds: 30) { !publisher.statistics.connected })
    // Published while the broker is down: queued, and acknowledged after the reconnect.
    let before = publisher.statistics.published
    for i in 0..<5 { publisher.publish(MQTTMessage(topic: "fleet", text: "down \(i)")) }
    try broker.start()
    #expect(MosquittoBroker.waitFor(seconds: 60) { publisher.statistics.connections == 2 })
    #expect(MosquittoBroker.waitFor(seconds: 30) { publisher.statistics.published == before + 5 })
    // A fresh broker has no retained status: `online` comes from the reconnect.
    let recorder = try TopicRecorder(broker, filter: "fleet/#")
    #expect(recorder.wait(seconds: 30) { $0.contains { $0.topic == "fleet/status" && $0.payload == "online" } })
    for i in 0..<5 { publisher.publish(MQTTMessage(topic: "fleet", text: "up \(i)")) }
    #expect(recorder.wait(seconds: 30) { $0.filter { $0.topic == "fleet" }.count == 5 })
    #expect(recorder.payloads(on: "fleet") == (0..<5).map { "up \($0)" })
    let notices = publisher.takeNotices().joined(separator: "\n")
    #expect(notices.contains("lost") && notices.contains("connected"), "\(notices)")
    publisher.close(flushWithinMilliseconds: 10_000)
  }

  @Test func aFullQueueDropsTheOldestWhileNoBrokerAnswers() throws {
    let port = try MosquittoBroker.freePort()
    var c = MQTTConfiguration(
      endpoint: try MQTTEndpoint(parsing: "mqtt://127.0.0.1:\(port)/fleet"), clientID: "test-drop",
      statusTopic: "fleet/status")
    c.queueCapacity = 5
    let publisher = try MQTTPublisher(c)
    for i in 0..<20 { publisher.publish(MQTTMessage(topic: "fleet", text: "\(i)")) }
    #expect(publisher.statistics.dropped == 15)
    let stats = publisher.close(flushWithinMilliseconds: 200)
    #expect(stats.published == 0 && stats.unsent == 5 && stats.connections == 0, "\(stats)")
    #expect(publisher.takeNotices().contains { $0.contains("cannot connect") })
  }

  @Test func anAttemptNobodyAnswersIsAbandonedAndRetried() throws {
    let silent = try SilentListener()
    var c = MQTTConfiguration(
      endpoint: try MQTTEndpoint(parsing: "mqtt://127.0.0.1:\(silent.port)/fleet"), clientID: "test-silent",
      statusTopic: "fleet/status")
    c.connectTimeoutMilliseconds = 200
    c.minBackoffMilliseconds = 50
    let publisher = try MQTTPublisher(c)
    var notices: [String] = []
    #expect(MosquittoBroker.waitFor(seconds: 60) {
      notices += publisher.takeNotices()
      return notices.filter { $0.contains("no answer within 200 ms") }.count >= 2
    }, "\(notices)")
    #expect(publisher.close(flushWithinMilliseconds: 100).connections == 0)
  }

  @Test func refusesTLSFilesWithoutMQTTS() throws {
    var c = MQTTConfiguration(
      endpoint: try MQTTEndpoint(parsing: "mqtt://127.0.0.1/fleet"), clientID: "x", statusTopic: "s")
    c.caFile = "/etc/hostname"
    #expect(throws: MQTTSetupError.self) { try MQTTPublisher(c) }
    c.endpoint.secure = true
    c.caFile = "/nonexistent/ca.pem"
    #expect(throws: MQTTSetupError.self) { try MQTTPublisher(c) }
  }
}
