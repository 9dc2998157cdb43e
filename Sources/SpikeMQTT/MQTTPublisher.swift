import CMosquitto
import SpikeSystem
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// How an `MQTTPublisher` connects and what it says about itself.
public struct MQTTConfiguration: Sendable {
  /// Broker, credentials and topic.
  public var endpoint: MQTTEndpoint
  /// MQTT client id; a stable one lets a restarted program take over its old session at once
  /// (the broker drops the stale connection instead of keeping it until its keep-alive ends).
  public var clientID: String
  /// TLS: the CA certificate(s) to trust (PEM); nil trusts the system's (/etc/ssl/certs).
  public var caFile: String?
  /// TLS: client certificate and its key (PEM, unencrypted), both or neither.
  public var certificateFile: String?
  public var keyFile: String?
  /// Seconds between keep-alive pings; the broker declares the client gone (and publishes its
  /// will) after 1.5 times this without a word.
  public var keepAliveSeconds = 30
  /// Retained status topic: `online` after each connect, `offline` on a clean close and as
  /// the last will the broker publishes when the connection dies.
  public var statusTopic: String
  public var onlinePayload = "online"
  public var offlinePayload = "offline"
  /// Retained messages published after `online` on every connect (e.g. Home Assistant
  /// discovery).
  public var announcements: [MQTTMessage] = []
  /// Messages waiting for the broker at most; past it the oldest is dropped and counted.
  public var queueCapacity = 1000
  /// QoS 1 messages sent and not yet acknowledged at most (the rest wait in the queue).
  public var maxInFlight = 20
  /// Reconnect back-off: the first wait, doubled after each failure up to the maximum.
  public var minBackoffMilliseconds = 500
  public var maxBackoffMilliseconds = 30_000
  /// A connection attempt not acknowledged within this is abandoned and retried.
  public var connectTimeoutMilliseconds = 10_000

  public init(endpoint: MQTTEndpoint, clientID: String, statusTopic: String) {
    (self.endpoint, self.clientID, self.statusTopic) = (endpoint, clientID, statusTopic)
  }
}

/// What a publisher did.
public struct MQTTStatistics: Sendable, Equatable {
  /// Queued messages the broker acknowledged (QoS 1 PUBACK).
  public var published: UInt64 = 0
  /// Messages dropped because the queue was full (the oldest go first).
  public var dropped: UInt64 = 0
  /// Messages still queued or unacknowledged when the publisher closed.
  public var unsent = 0
  /// Connections the broker accepted.
  public var connections = 0
  /// Whether a connection is up now.
  public var connected = false
}

/// A publisher could not be set up (bad TLS files, libmosquitto refused an option).
public struct MQTTSetupError: Error, Equatable, CustomStringConvertible {
  public let description: String
}

/// Publishes messages to an MQTT broker with QoS 1 from its own thread, so the program that
/// feeds it never waits for the network: `publish` puts a message in a bounded queue (the
/// oldest is dropped and counted when it is full) and returns. The thread connects, reconnects
/// with back-off (0.5 s doubling to 30 s, with jitter, by default), keeps a retained status
/// topic (`online`, and `offline` as the last will and on a clean close) and re-announces its
/// retained messages after every connect.
///
/// Everything libmosquitto does happens on the publisher's thread; the queue, the statistics
/// and the notices are the only state shared with the caller. Call `close` when done: the
/// thread runs until then.
public final class MQTTPublisher: @unchecked Sendable {
  /// Connection states, on the publisher's thread only.
  enum Link { case idle, connecting, connected }

  public let configuration: MQTTConfiguration
  private let queue: OutgoingQueue
  private let shared = Mutex(Shared())
  private let stopRequested = Atomic<Bool>(false)
  private let finished = Atomic<Bool>(false)
  private let flushDeadline = Atomic<UInt64>(0)
  private var thread: pthread_t?
  private let mosq: OpaquePointer

  // Owned by the publisher's thread (and the libmosquitto callbacks it runs).
  private var link = Link.idle
  private var everTried = false
  private var backoff: Int
  private var nextAttempt: UInt64 = 0
  private var attemptStarted: UInt64 = 0
  private var inFlight = Set<Int32>()
  /// Messages in flight when a connection dropped: libmosquitto resends them after the next
  /// connect, and their acknowledgements still count.
  private var resent = Set<Int32>()
  private var goodbyeMid: Int32?
  private var goodbyeAcknowledged = false

  struct Shared {
    var statistics = MQTTStatistics()
    var notices: [String] = []
  }

  /// Creates the client, checks the TLS files and starts the thread; nothing is sent until
  /// the connection is up.
  public init(_ configuration: MQTTConfiguration) throws(MQTTSetupError) {
    try Self.loadLibrary()
    self.configuration = configuration
    queue = OutgoingQueue(capacity: configuration.queueCapacity)
    backoff = configuration.minBackoffMilliseconds
    guard let client = spikecam_mosquitto_new(configuration.clientID, true, nil) else {
      throw MQTTSetupError(description: "libmosquitto could not create a client (out of memory?)")
    }
    mosq = client
    // From here on a failure destroys the client in deinit.
    try configure()
    spikecam_mosquitto_user_data_set(client, Unmanaged.passUnretained(self).toOpaque())
    switch SystemThread.start({ self.run() }) {
    case .success(let handle): thread = handle
    case .failure(let error):
      throw MQTTSetupError(description: "cannot start the MQTT thread: \(error)")
    }
  }

  deinit {
    spikecam_mosquitto_destroy(mosq)
  }

  /// Queues `message` for the broker; never blocks on the network.
  public func publish(_ message: MQTTMessage) {
    queue.push(message)
  }

  /// What happened to the connection since the last call (connected, lost, refused), for a
  /// log; at most the latest 32.
  public func takeNotices() -> [String] {
    shared.withLock { s in
      defer { s.notices.removeAll(keepingCapacity: true) }
      return s.notices
    }
  }

  /// The counts so far.
  public var statistics: MQTTStatistics {
    let dropped = queue.dropped
    return shared.withLock { s in
      var copy = s.statistics
      copy.dropped = dropped
      return copy
    }
  }

  /// Publishes what is queued (waiting at most `milliseconds` for the broker), says `offline`
  /// on the status topic, disconnects cleanly and stops the thread; the final counts. A
  /// thread stuck in a name lookup is left behind after the wait (the process is ending).
  @discardableResult
  public func close(flushWithinMilliseconds milliseconds: Int) -> MQTTStatistics {
    guard let handle = thread else { return statistics }
    thread = nil
    flushDeadline.store(
      Self.monotonicNanos() + UInt64(max(0, milliseconds)) * 1_000_000, ordering: .relaxed)
    stopRequested.store(true, ordering: .releasing)
    let giveUp = Self.monotonicNanos() + UInt64(max(0, milliseconds) + 3000) * 1_000_000
    while !finished.load(ordering: .acquiring) && Self.monotonicNanos() < giveUp { usleep(10_000) }
    if finished.load(ordering: .acquiring) {
      pthread_join(handle, nil)
      return statistics
    }
    pthread_detach(handle)
    var result = statistics
    result.unsent = max(result.unsent, queue.count)
    return result
  }

  // MARK: - Setup

  /// Loads libmosquitto and initialises it, once per process; a typed error (with what to
  /// install) on a machine without it.
  private static func loadLibrary() throws(MQTTSetupError) {
    var message: UnsafePointer<CChar>?
    guard spikecam_mosquitto_load(&message) == 0 else {
      let reason = message.map { String(cString: $0) } ?? "unknown reason"
      throw MQTTSetupError(
        description: "--mqtt needs libmosquitto: \(reason); install libmosquitto1 (apt install libmosquitto1)")
    }
    _ = libraryReady
  }

  private static let libraryReady: Bool = {
    spikecam_mosquitto_lib_init()
    return true
  }()

  private func configure() throws(MQTTSetupError) {
    let c = configuration
    func check(_ rc: Int32, _ what: String) throws(MQTTSetupError) {
      guard rc == MOSQ_ERR_SUCCESS.rawValue else {
        throw MQTTSetupError(description: "\(what): \(Self.reason(rc))")
      }
    }
    if let user = c.endpoint.username {
      try check(spikecam_mosquitto_username_pw_set(mosq, user, c.endpoint.password), "MQTT user name")
    }
    let offline = Array(c.offlinePayload.utf8)
    try check(
      spikecam_mosquitto_will_set(mosq, c.statusTopic, Int32(offline.count), offline, 1, true),
      "MQTT last will on \(c.statusTopic)")
    spikecam_mosquitto_max_inflight_messages_set(mosq, UInt32(c.maxInFlight))
    if c.endpoint.secure {
      guard (c.certificateFile == nil) == (c.keyFile == nil) else {
        throw MQTTSetupError(description: "a client certificate needs its key, and a key its certificate")
      }
      for file in [c.caFile, c.certificateFile, c.keyFile].compactMap({ $0 }) where access(file, R_OK) != 0 {
        throw MQTTSetupError(description: "cannot read \(file): \(String(cString: strerror(errno)))")
      }
      // No password prompt for an encrypted key: a service has no terminal to ask on.
      let noPassword: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = { _, _, _, _ in 0 }
      try check(
        spikecam_mosquitto_tls_set(
          mosq, c.caFile, c.caFile == nil ? "/etc/ssl/certs" : nil, c.certificateFile, c.keyFile,
          noPassword),
        "MQTT TLS files (PEM expected; an encrypted key is not supported)")
    } else if c.caFile != nil || c.certificateFile != nil || c.keyFile != nil {
      throw MQTTSetupError(description: "TLS files need an mqtts:// URL")
    }
    spikecam_mosquitto_connect_callback_set(mosq) { _, user, rc in
      MQTTPublisher.from(user)?.connected(rc)
    }
    spikecam_mosquitto_disconnect_callback_set(mosq) { _, user, rc in
      MQTTPublisher.from(user)?.lost(rc)
    }
    spikecam_mosquitto_publish_callback_set(mosq) { _, user, mid in
      MQTTPublisher.from(user)?.acknowledged(mid)
    }
  }

  private static func from(_ user: UnsafeMutableRawPointer?) -> MQTTPublisher? {
    user.map { Unmanaged<MQTTPublisher>.fromOpaque($0).takeUnretainedValue() }
  }

  // MARK: - The publisher's thread

  private func run() {
    defer { finished.store(true, ordering: .releasing) }
    while true {
      let now = Self.monotonicNanos()
      if stopRequested.load(ordering: .acquiring) {
        let deadline = flushDeadline.load(ordering: .relaxed)
        let drained = queue.count == 0 && inFlight.isEmpty
        // Idle and waiting out a back-off: no broker to flush to. A first attempt still runs
        // (a short run may end before the thread got to it).
        if (link == .idle && everTried) || now >= deadline || (link == .connected && drained) {
          break
        }
      }
      switch link {
      case .idle:
        if now >= nextAttempt {
          startAttempt(now)
        } else {
          usleep(useconds_t(min(50_000, (nextAttempt - now) / 1000)))
        }
        continue
      case .connecting:
        if now - attemptStarted > UInt64(configuration.connectTimeoutMilliseconds) * 1_000_000 {
          spikecam_mosquitto_disconnect(mosq)
          fail("no answer within \(configuration.connectTimeoutMilliseconds) ms")
          continue
        }
      case .connected:
        pump()
      }
      // libmosquitto's own loop step: TLS handshake, reads, writes, keep-alive. The short
      // timeout bounds how long a new queued message waits.
      let rc = spikecam_mosquitto_loop(mosq, 25, 1)
      if rc != MOSQ_ERR_SUCCESS.rawValue && link != .idle { lost(rc) }
    }
    goodbye()
    let unsent = queue.count + inFlight.count
    shared.withLock { $0.statistics.unsent = unsent }
  }

  private func startAttempt(_ now: UInt64) {
    let e = configuration.endpoint
    attemptStarted = now
    link = .connecting
    let rc =
      everTried
      ? spikecam_mosquitto_reconnect_async(mosq)
      : spikecam_mosquitto_connect_async(mosq, e.host, Int32(e.port), Int32(configuration.keepAliveSeconds))
    everTried = true
    if rc != MOSQ_ERR_SUCCESS.rawValue && rc != MOSQ_ERR_CONN_PENDING.rawValue {
      fail(Self.reason(rc))
    }
  }

  /// Sends queued messages while the in-flight window has room.
  private func pump() {
    while inFlight.count < configuration.maxInFlight, let message = queue.pop() {
      var mid: Int32 = 0
      let rc = message.payload.withUnsafeBytes { bytes in
        spikecam_mosquitto_publish(
          mosq, &mid, message.topic, Int32(bytes.count), bytes.baseAddress, 1, message.retain)
      }
      guard rc == MOSQ_ERR_SUCCESS.rawValue else {
        // Not sent (connection gone, or a message the broker cannot take): a lost connection
        // is noticed by the loop; a bad message is dropped and counted as dropped.
        if rc == MOSQ_ERR_NO_CONN.rawValue || rc == MOSQ_ERR_CONN_LOST.rawValue {
          lost(rc)
        } else {
          note("a message to \(message.topic) was refused by libmosquitto: \(Self.reason(rc))")
        }
        return
      }
      inFlight.insert(mid)
    }
  }

  /// libmosquitto: CONNACK arrived (`rc` 0 accepted, else the broker's refusal).
  private func connected(_ rc: Int32) {
    guard rc == 0 else {
      spikecam_mosquitto_disconnect(mosq)
      fail("the broker refused the connection: \(String(cString: spikecam_mosquitto_connack_string(rc)))")
      return
    }
    link = .connected
    backoff = configuration.minBackoffMilliseconds
    shared.withLock { s in
      s.statistics.connections += 1
      s.statistics.connected = true
    }
    note("connected to \(configuration.endpoint.description)")
    var announcements = [MQTTMessage(topic: configuration.statusTopic, text: configuration.onlinePayload, retain: true)]
    announcements += configuration.announcements
    for message in announcements {
      _ = message.payload.withUnsafeBytes { bytes in
        spikecam_mosquitto_publish(mosq, nil, message.topic, Int32(bytes.count), bytes.baseAddress, 1, true)
      }
    }
  }

  /// libmosquitto: the connection ended (or the loop saw it end).
  private func lost(_ rc: Int32) {
    switch link {
    case .idle: return
    case .connecting: fail(Self.reason(rc))
    case .connected:
      resent = inFlight
      inFlight.removeAll()
      shared.withLock { $0.statistics.connected = false }
      link = .idle
      if stopRequested.load(ordering: .acquiring) { return }
      scheduleRetry(after: "connection to \(configuration.endpoint.description) lost (\(Self.reason(rc)))")
    }
  }

  /// A connection attempt failed.
  private func fail(_ reason: String) {
    link = .idle
    shared.withLock { $0.statistics.connected = false }
    scheduleRetry(after: "cannot connect to \(configuration.endpoint.description): \(reason)")
  }

  private func scheduleRetry(after what: String) {
    // Jitter of up to a quarter keeps a fleet of boards from reconnecting in lockstep.
    let wait = backoff - Int.random(in: 0...(backoff / 4))
    nextAttempt = Self.monotonicNanos() + UInt64(wait) * 1_000_000
    backoff = min(backoff * 2, configuration.maxBackoffMilliseconds)
    note("\(what); retrying in \(wait) ms")
  }

  /// libmosquitto: PUBACK for `mid`.
  private func acknowledged(_ mid: Int32) {
    if mid == goodbyeMid { goodbyeAcknowledged = true }
    guard inFlight.remove(mid) != nil || resent.remove(mid) != nil else { return }
    shared.withLock { $0.statistics.published += 1 }
  }

  /// `offline` on the status topic, acknowledged, then a clean DISCONNECT (so the broker does
  /// not publish the will as well).
  private func goodbye() {
    guard link == .connected else { return }
    let offline = Array(configuration.offlinePayload.utf8)
    var mid: Int32 = 0
    spikecam_mosquitto_publish(mosq, &mid, configuration.statusTopic, Int32(offline.count), offline, 1, true)
    goodbyeMid = mid
    let deadline = Self.monotonicNanos() + 1_000_000_000
    while !goodbyeAcknowledged && link == .connected && Self.monotonicNanos() < deadline {
      if spikecam_mosquitto_loop(mosq, 25, 1) != MOSQ_ERR_SUCCESS.rawValue { break }
    }
    spikecam_mosquitto_disconnect(mosq)
    let flushed = Self.monotonicNanos() + 500_000_000
    while spikecam_mosquitto_want_write(mosq) && Self.monotonicNanos() < flushed {
      if spikecam_mosquitto_loop(mosq, 25, 1) != MOSQ_ERR_SUCCESS.rawValue { break }
    }
    shared.withLock { $0.statistics.connected = false }
  }

  private func note(_ text: String) {
    shared.withLock { s in
      if s.notices.count == 32 { s.notices.removeFirst() }
      s.notices.append(text)
    }
  }

  static func reason(_ rc: Int32) -> String {
    if rc == MOSQ_ERR_ERRNO.rawValue { return String(cString: strerror(errno)) }
    return String(cString: spikecam_mosquitto_strerror(rc))
  }

  static func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
  }
}
