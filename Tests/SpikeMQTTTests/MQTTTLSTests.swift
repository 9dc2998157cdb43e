import Foundation
import SpikeMQTT
import SpikeTestSupport
import Testing

/// `mqtts://` against a real Mosquitto TLS listener: a CA, a server certificate for 127.0.0.1
/// and a client certificate, all made by `openssl` for the test.
@Suite(.enabled(
  if: MosquittoBroker.isInstalled && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
  "needs mosquitto, mosquitto-clients and openssl (tools/setup.sh)"))
struct MQTTTLSTests {
  /// Runs openssl with `arguments` in `folder`.
  static func openssl(_ folder: String, _ arguments: [String]) throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    p.arguments = arguments
    p.currentDirectoryURL = URL(fileURLWithPath: folder)
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { throw TestSupportError("openssl \(arguments) failed") }
  }

  /// A CA, and a certificate it signed for `name` with `san`.
  static func certificates(in folder: String) throws {
    try openssl(folder, [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
      "-days", "2", "-subj", "/CN=SpikeCam test CA",
    ])
    for (name, san) in [("server", "IP:127.0.0.1"), ("client", "DNS:board")] {
      try openssl(folder, [
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr",
        "-subj", "/CN=\(name)", "-addext", "subjectAltName=\(san)",
      ])
      try openssl(folder, [
        "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "\(name).pem", "-days", "2", "-copy_extensions", "copy",
      ])
    }
  }

  @Test func publishesOverTLSWithAClientCertificate() throws {
    let tlsPort = try MosquittoBroker.freePort()
    let folder = NSTemporaryDirectory() + "spikecam-tls-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Self.certificates(in: folder)
    // The broker runs as another user when started as root: let it read the files.
    for file in ["ca.pem", "server.pem", "server.key"] { chmod(folder + "/" + file, 0o644) }
    chmod(folder, 0o755)
    let broker = try MosquittoBroker(listenerOptions: [
      "listener \(tlsPort) 127.0.0.1", "cafile \(folder)/ca.pem", "certfile \(folder)/server.pem",
      "keyfile \(folder)/server.key", "require_certificate true",
    ])
    let recorder = try TopicRecorder(broker, filter: "secure/#")
    var c = MQTTConfiguration(
      endpoint: try MQTTEndpoint(parsing: "mqtts://127.0.0.1:\(tlsPort)/secure"),
      clientID: "tls-test", statusTopic: "secure/status")
    c.caFile = folder + "/ca.pem"
    c.certificateFile = folder + "/client.pem"
    c.keyFile = folder + "/client.key"
    let publisher = try MQTTPublisher(c)
    for i in 0..<10 { publisher.publish(MQTTMessage(topic: "secure", text: "{\"n\":\(i)}")) }
    let stats = publisher.close(flushWithinMilliseconds: 20_000)
    #expect(stats.published == 10 && stats.connections == 1, "\(stats) \(publisher.takeNotices())")
    #expect(recorder.wait(seconds: 30) { $0.filter { $0.topic == "secure" }.count == 10 })
    #expect(recorder.payloads(on: "secure/status") == ["online", "offline"])

    // Without the client certificate the broker refuses the handshake: nothing is published,
    // and the publisher keeps retrying instead of giving up.
    c.certificateFile = nil
    c.keyFile = nil
    c.clientID = "tls-test-no-cert"
    c.minBackoffMilliseconds = 50
    let refused = try MQTTPublisher(c)
    refused.publish(MQTTMessage(topic: "secure", text: "never"))
    #expect(MosquittoBroker.waitFor(seconds: 30) { refused.takeNotices().contains { $0.contains("cannot connect") || $0.contains("lost") } })
    let refusedStats = refused.close(flushWithinMilliseconds: 100)
    #expect(refusedStats.published == 0 && refusedStats.connections == 0, "\(refusedStats)")
  }
}
