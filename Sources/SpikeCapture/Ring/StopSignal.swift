import Synchronization

/// A one-way flag another thread sets to ask a capture loop to finish.
public final class StopSignal: Sendable {
  let flag = Atomic<Bool>(false)

  public init() {}

  /// Asks the loop to stop.
  public func set() { flag.store(true, ordering: .releasing) }

  /// Whether `set` was called.
  public var isSet: Bool { flag.load(ordering: .acquiring) }
}
