import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real Mosquitto broker for tests: its own process on 127.0.0.1 and a free port, from a
/// temporary configuration (anonymous clients, no persistence, optionally a TLS listener). It
/// can be killed and started again on the same port.
public final class MosquittoBroker {
  /// Where Debian installs the broker and its command-line clients.
  public static let brokerPath = "/usr/sbin/mosquitto"
  public static let subscriberPath = "/usr/bin/mosquitto_sub"
  public static let publisherPath = "/usr/bin/mosquitto_pub"

  /// Whether the broker and clients are installed (tools/setup.sh installs them).
  public static var isInstalled: Bool {
    [brokerPath, subscriberPath, publisherPath].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
  }

  public let port: Int
  public let folder: String
  public let configPath: String
  private var process: Process?

  /// A broker with `extraConfig` lines after the listener's (e.g. TLS files), started.
  public init(listenerOptions: [String] = []) throws {
    folder = NSTemporaryDirectory() + "spikecam-broker-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    port = try Self.freePort()
    configPath = folder + "/mosquitto.conf"
    let config =
      (["listener \(port) 127.0.0.1", "allow_anonymous true", "persistence false", "log_dest stderr"]
      + listenerOptions).joined(separator: "\n") + "\n"
    try config.write(toFile: configPath, atomically: true, encoding: .utf8)
    try start()
  }

  deinit {
    kill()
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// Starts the broker and waits until it accepts connections.
  public func start() throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Self.brokerPath)
    p.arguments = ["-c", configPath]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath(creating: true)))
    try p.run()
    process = p
    guard Self.waitFor(seconds: 30, { Self.accepts(port: self.port) }) else {
      throw TestSupportError("mosquitto did not listen on \(port) within 30 s: \(log)")
    }
  }

  /// Kills the broker at once (SIGKILL: no goodbye to its clients) and waits for it to end.
  public func kill() {
    guard let p = process else { return }
    process = nil
    Glibc.kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
  }

  /// The broker's log so far.
  public var log: String { (try? String(contentsOfFile: logPath(), encoding: .utf8)) ?? "" }

  private func logPath(creating: Bool = false) -> String {
    let path = folder + "/broker.log"
    if creating && !FileManager.default.fileExists(atPath: path) {
      _ = FileManager.default.createFile(atPath: path, contents: nil)
    }
    return path
  }

  /// `mqtt://127.0.0.1:PORT/topic`.
  public func url(_ topic: String, scheme: String = "mqtt") -> String {
    "\(scheme)://127.0.0.1:\(port)/\(topic)"
  }

  /// A port nobody listens on now (the kernel's pick for an ephemeral bind).
  public static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSupportError("socket: \(errno)") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
        bind(fd, sa, length) == 0 && getsockname(fd, sa, &length) == 0
      }
    }
    guard bound else { throw TestSupportError("bind: \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Whether a TCP connection to 127.0.0.1:`port` is accepted.
  public static func accepts(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }

  /// Polls `condition` every 20 ms until it holds or `seconds` pass; whether it held.
  public static func waitFor(seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      usleep(20_000)
    }
    return condition()
  }
}

/// A TCP port on 127.0.0.1 that completes connections (the kernel's backlog) but never reads
/// or answers: a broker that hangs.
public final class SilentListener {
  public let port: Int
  private let fd: Int32

  public init() throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestSupportError("socket: \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
        bind(fd, sa, length) == 0 && getsockname(fd, sa, &length) == 0 && listen(fd, 16) == 0
      }
    }
    guard ok else {
      close(fd)
      throw TestSupportError("bind/listen: \(errno)")
    }
    self.fd = fd
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  deinit { close(fd) }
}

/// `mosquitto_sub` on a topic filter, every message recorded as `retained-flag topic payload`
/// (one per line; SpikeCam's payloads are one line of JSON or a word). `start` returns once the
/// subscription is live: it waits for a retained marker it published before subscribing.
public final class TopicRecorder {
  /// One received message.
  public struct Message: Equatable, Sendable {
    public var retained: Bool
    public var topic: String
    public var payload: String
  }

  private let process = Process()
  private let outputPath: String
  private let marker: String

  /// Subscribes to `filter` (QoS 1) on `broker`.
  public init(_ broker: MosquittoBroker, filter: String, options: [String] = []) throws {
    outputPath = broker.folder + "/sub-" + UUID().uuidString
    _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
    marker = "spikecam-test-ready/" + UUID().uuidString
    // A retained marker the new subscription receives first thing: proof that it is live.
    let pub = Process()
    pub.executableURL = URL(fileURLWithPath: MosquittoBroker.publisherPath)
    pub.arguments = ["-h", "127.0.0.1", "-p", "\(broker.port)", "-t", marker, "-m", "ready", "-r", "-q", "1"] + options
    try pub.run()
    pub.waitUntilExit()
    process.executableURL = URL(fileURLWithPath: MosquittoBroker.subscriberPath)
    process.arguments =
      ["-h", "127.0.0.1", "-p", "\(broker.port)", "-q", "1", "-t", filter, "-t", marker, "-F", "%r %t %p"]
      + options
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
    process.standardError = FileHandle.nullDevice
    try process.run()
    guard MosquittoBroker.waitFor(seconds: 30, { self.raw.contains(self.marker) }) else {
      throw TestSupportError("mosquitto_sub did not subscribe within 30 s")
    }
  }

  deinit { stop() }

  /// Ends the subscriber (SIGKILL: a test runner may start children with SIGTERM blocked).
  public func stop() {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  private var raw: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

  /// The messages so far, the marker left out.
  public var messages: [Message] {
    raw.split(separator: "\n").compactMap { line in
      let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
      guard parts.count == 3, parts[1] != marker else { return nil }
      return Message(retained: parts[0] == "1", topic: String(parts[1]), payload: String(parts[2]))
    }
  }

  /// The payloads received on `topic`, in order.
  public func payloads(on topic: String) -> [String] {
    messages.filter { $0.topic == topic }.map(\.payload)
  }

  /// Waits until `condition` holds for the messages so far (checked every 20 ms).
  @discardableResult
  public func wait(seconds: Double, until condition: ([Message]) -> Bool) -> Bool {
    MosquittoBroker.waitFor(seconds: seconds) { condition(self.messages) }
  }
}

/// A test helper failed (not the code under test).
public struct TestSupportError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
