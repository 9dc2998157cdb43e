import Synchronization

/// One message to publish.
public struct MQTTMessage: Sendable, Equatable {
  /// Topic, without wildcards.
  public var topic: String
  /// Payload bytes (UTF-8 JSON for SpikeCam's lines).
  public var payload: [UInt8]
  /// Whether the broker keeps it as the topic's last value for new subscribers.
  public var retain: Bool

  public init(topic: String, payload: [UInt8], retain: Bool = false) {
    (self.topic, self.payload, self.retain) = (topic, payload, retain)
  }

  public init(topic: String, text: String, retain: Bool = false) {
    self.init(topic: topic, payload: Array(text.utf8), retain: retain)
  }
}

/// The bounded queue between the program (which must never wait for the network) and the
/// publishing thread: `push` never blocks on the network and never grows the queue past its
/// capacity; when it is full the oldest message is dropped and counted.
public final class OutgoingQueue: Sendable {
  struct State {
    var slots: [MQTTMessage?]
    var head = 0
    var count = 0
    var dropped: UInt64 = 0
  }

  /// Most messages held at once.
  public let capacity: Int
  private let state: Mutex<State>

  public init(capacity: Int) {
    precondition(capacity > 0, "OutgoingQueue: capacity must be positive")
    self.capacity = capacity
    state = Mutex(State(slots: [MQTTMessage?](repeating: nil, count: capacity)))
  }

  /// Appends `message`, dropping the oldest one when full; whether one was dropped.
  @discardableResult
  public func push(_ message: MQTTMessage) -> Bool {
    state.withLock { s in
      var dropped = false
      if s.count == capacity {
        s.slots[s.head] = nil
        s.head = (s.head + 1) % capacity
        s.count -= 1
        s.dropped += 1
        dropped = true
      }
      s.slots[(s.head + s.count) % capacity] = message
      s.count += 1
      return dropped
    }
  }

  /// Takes the oldest message, or nil when empty.
  public func pop() -> MQTTMessage? {
    state.withLock { s in
      guard s.count > 0 else { return nil }
      let message = s.slots[s.head]
      s.slots[s.head] = nil
      s.head = (s.head + 1) % capacity
      s.count -= 1
      return message
    }
  }

  /// Messages waiting.
  public var count: Int { state.withLock { $0.count } }

  /// Messages dropped because the queue was full.
  public var dropped: UInt64 { state.withLock { $0.dropped } }
}
