import SpikeSystem
import Synchronization

/// The bounded queue between the capture thread (one producer) and the classifier (one
/// consumer): a fixed number of preallocated frame slots, drop-oldest when full, no locks.
///
/// ## Implementation notes
/// The ring is `(storage, count, startSlot)` as in swift-collections' `RigidDeque`, kept as two
/// monotonic counters so full and empty are never ambiguous: `head` (next frame to read) and
/// `tail` (next frame to write); `count = tail − head` and `startSlot = head mod capacity`.
/// Only the producer moves `tail`. Both sides move `head`, always by compare-and-exchange: the
/// consumer to take a frame, the producer to drop the oldest when the ring is full. Whoever
/// wins the exchange owns that frame, so a frame is either delivered or counted as dropped,
/// never both.
///
/// Each slot has a version (a seqlock): `2·n + 2` when it holds frame `n`, odd while the
/// producer writes it. The consumer copies a slot, then checks the version is unchanged and
/// that it won the exchange; a slot overwritten under it is retried, never delivered torn.
/// Pixels are stored as relaxed atomic 64-bit words, so the copy is race-free by the memory
/// model (and under ThreadSanitizer), at the speed of plain loads.
///
/// ## Waiting
/// `pop(into:waitingNanos:)` sleeps on a condition variable while the ring is empty. The
/// producer takes the lock only when the consumer says it is waiting (a flag on each side of a
/// sequentially consistent fence, so either the consumer sees the frame or the producer sees
/// the flag); `wake()` ends the current or the next wait early, for a producer that finished.
///
/// ## Fixed storage capacity
/// The ring never grows. `push` drops the oldest frame when full and reports it; `append`
/// traps instead, for callers that sized the ring so it cannot fill.
public final class FrameRing: @unchecked Sendable {  // all shared state is atomic, see notes
  /// Number of frames the ring holds.
  public let capacity: Int
  /// Size of every frame.
  public let format: FrameFormat
  let wordsPerFrame: Int
  let words: UnsafeMutablePointer<Atomic<UInt64>>
  let versions: UnsafeMutablePointer<Atomic<UInt64>>
  let stamps: UnsafeMutablePointer<Atomic<UInt64>>  // sequence, captureNanos per slot
  let head: Atomic<UInt64>
  let tail: Atomic<UInt64>
  let droppedCount = Atomic<UInt64>(0)
  let pushedCount = Atomic<UInt64>(0)
  let poppedCount = Atomic<UInt64>(0)
  let consumerWaiting = Atomic<Bool>(false)
  let wakeRequested = Atomic<Bool>(false)
  let doorbell = Doorbell()

  /// A ring of `capacity` frames of `format`, all memory allocated here and nowhere else.
  public convenience init(capacity: Int, format: FrameFormat) {
    self.init(capacity: capacity, format: format, startSlot: 0)
  }

  /// A ring whose first frame goes into `startSlot` (tests use this to reach every layout).
  public init(capacity: Int, format: FrameFormat, startSlot: Int) {
    precondition(capacity >= 1, "a frame ring needs at least one slot")
    precondition(format.byteCount > 0, "frames must have pixels")
    precondition((0..<capacity).contains(startSlot), "start slot outside the ring")
    (self.capacity, self.format) = (capacity, format)
    wordsPerFrame = (format.byteCount + 7) / 8
    words = .allocate(capacity: capacity * wordsPerFrame)
    for index in 0..<(capacity * wordsPerFrame) { (words + index).initialize(to: Atomic(0)) }
    versions = .allocate(capacity: capacity)
    for index in 0..<capacity { (versions + index).initialize(to: Atomic(0)) }
    stamps = .allocate(capacity: capacity * 2)
    for index in 0..<(capacity * 2) { (stamps + index).initialize(to: Atomic(0)) }
    head = Atomic(UInt64(startSlot))
    tail = Atomic(UInt64(startSlot))
  }

  deinit {
    words.deinitialize(count: capacity * wordsPerFrame)
    words.deallocate()
    versions.deinitialize(count: capacity)
    versions.deallocate()
    stamps.deinitialize(count: capacity * 2)
    stamps.deallocate()
  }

  // MARK: - State

  /// Frames waiting to be read (a snapshot when the other side is running).
  public var count: Int {
    let h = head.load(ordering: .acquiring)
    let t = tail.load(ordering: .acquiring)
    return Int(t &- h)
  }

  /// Physical slot of the oldest frame.
  public var startSlot: Int { Int(head.load(ordering: .acquiring) % UInt64(capacity)) }

  public var isEmpty: Bool { count == 0 }
  public var isFull: Bool { count == capacity }

  /// Frames dropped because the ring was full.
  public var dropped: UInt64 { droppedCount.load(ordering: .relaxed) }
  /// Frames pushed so far.
  public var pushed: UInt64 { pushedCount.load(ordering: .relaxed) }
  /// Frames popped so far.
  public var popped: UInt64 { poppedCount.load(ordering: .relaxed) }

  // MARK: - Producer

  /// Stores a frame, dropping the oldest one if the ring is full. Producer thread only.
  ///
  /// - Returns: the stamp of the frame that was dropped to make room, or `nil`.
  /// - Complexity: O(frame size); no allocation, no lock.
  @discardableResult
  public func push(_ pixels: UnsafeBufferPointer<UInt8>, stamp: FrameStamp) -> FrameStamp? {
    precondition(pixels.count >= format.byteCount, "frame smaller than the ring's format")
    let t = tail.load(ordering: .relaxed)
    var dropped: FrameStamp?
    let h = head.load(ordering: .acquiring)
    if t &- h == UInt64(capacity) {
      // Full: read the oldest stamp (only this thread writes slots), then try to take it.
      let slot = Int(h % UInt64(capacity))
      let oldest = FrameStamp(
        sequence: stamps[2 * slot].load(ordering: .relaxed),
        captureNanos: stamps[2 * slot + 1].load(ordering: .relaxed))
      if head.compareExchange(expected: h, desired: h &+ 1, ordering: .acquiringAndReleasing)
        .exchanged
      {
        droppedCount.add(1, ordering: .relaxed)
        dropped = oldest
      }  // else the consumer took it just now: there is room.
    }
    write(pixels, stamp: stamp, index: t)
    tail.store(t &+ 1, ordering: .releasing)
    pushedCount.add(1, ordering: .relaxed)
    atomicMemoryFence(ordering: .sequentiallyConsistent)
    if consumerWaiting.load(ordering: .relaxed) { doorbell.ring() }
    return dropped
  }

  /// Stores a frame; traps if the ring is full. For callers that consume faster than they
  /// produce by construction. Producer thread only.
  public func append(_ pixels: UnsafeBufferPointer<UInt8>, stamp: FrameStamp) {
    precondition(!isFull, "FrameRing capacity overflow")
    push(pixels, stamp: stamp)
  }

  func write(_ pixels: UnsafeBufferPointer<UInt8>, stamp: FrameStamp, index: UInt64) {
    let slot = Int(index % UInt64(capacity))
    versions[slot].store(2 &* index &+ 1, ordering: .relaxed)
    atomicMemoryFence(ordering: .releasing)
    let base = words + slot * wordsPerFrame
    let byteCount = format.byteCount
    let raw = UnsafeRawPointer(pixels.baseAddress!)
    let whole = byteCount / 8
    for word in 0..<whole {
      base[word].store(
        raw.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self), ordering: .relaxed)
    }
    if whole < wordsPerFrame {
      var last: UInt64 = 0
      for byte in (whole * 8)..<byteCount {
        last |= UInt64(pixels[byte]) << (8 * UInt64(byte - whole * 8))
      }
      base[whole].store(last, ordering: .relaxed)
    }
    stamps[2 * slot].store(stamp.sequence, ordering: .relaxed)
    stamps[2 * slot + 1].store(stamp.captureNanos, ordering: .relaxed)
    versions[slot].store(2 &* index &+ 2, ordering: .releasing)
  }

  // MARK: - Consumer

  /// Copies the oldest frame into `pixels` and removes it; `nil` when the ring is empty.
  /// Consumer thread only.
  ///
  /// - Complexity: O(frame size); no allocation, no lock. Retries only when the producer
  ///   overwrote the frame meanwhile (it then counts it as dropped).
  public func pop(into pixels: UnsafeMutableBufferPointer<UInt8>) -> FrameStamp? {
    precondition(pixels.count >= format.byteCount, "buffer smaller than the ring's format")
    let byteCount = format.byteCount
    let whole = byteCount / 8
    let raw = UnsafeMutableRawPointer(pixels.baseAddress!)
    while true {
      let h = head.load(ordering: .acquiring)
      let t = tail.load(ordering: .acquiring)
      if h == t { return nil }
      let slot = Int(h % UInt64(capacity))
      let version = versions[slot].load(ordering: .acquiring)
      guard version == 2 &* h &+ 2 else { continue }  // being overwritten: head moves on
      let base = words + slot * wordsPerFrame
      for word in 0..<whole {
        raw.storeBytes(
          of: base[word].load(ordering: .relaxed), toByteOffset: word * 8, as: UInt64.self)
      }
      if whole < wordsPerFrame {
        let last = base[whole].load(ordering: .relaxed)
        for byte in (whole * 8)..<byteCount {
          pixels[byte] = UInt8(truncatingIfNeeded: last >> (8 * UInt64(byte - whole * 8)))
        }
      }
      let stamp = FrameStamp(
        sequence: stamps[2 * slot].load(ordering: .relaxed),
        captureNanos: stamps[2 * slot + 1].load(ordering: .relaxed))
      atomicMemoryFence(ordering: .acquiring)
      guard versions[slot].load(ordering: .relaxed) == version else { continue }  // torn: retry
      if head.compareExchange(expected: h, desired: h &+ 1, ordering: .acquiringAndReleasing)
        .exchanged
      {
        poppedCount.add(1, ordering: .relaxed)
        return stamp
      }
    }
  }

  /// Like `pop(into:)`, but when the ring is empty waits up to `waitingNanos` for a frame;
  /// `nil` when none came in time or `wake()` was called. Consumer thread only.
  public func pop(into pixels: UnsafeMutableBufferPointer<UInt8>, waitingNanos: UInt64)
    -> FrameStamp?
  {
    if let stamp = pop(into: pixels) { return stamp }
    if wakeRequested.exchange(false, ordering: .acquiringAndReleasing) { return nil }
    let deadline = StopRequest.monotonicNanos() &+ waitingNanos
    consumerWaiting.store(true, ordering: .relaxed)
    atomicMemoryFence(ordering: .sequentiallyConsistent)
    doorbell.wait(untilMonotonicNanos: deadline) {
      !isEmpty || wakeRequested.load(ordering: .acquiring)
    }
    consumerWaiting.store(false, ordering: .relaxed)
    if let stamp = pop(into: pixels) { return stamp }
    wakeRequested.store(false, ordering: .releasing)
    return nil
  }

  /// Ends the consumer's current wait at once, or its next one if it is not waiting (the
  /// producer has finished, or the consumer is asked to stop).
  public func wake() {
    wakeRequested.store(true, ordering: .releasing)
    doorbell.ring()
  }

  // MARK: - Invariants

  /// Traps if an invariant does not hold: `0 ≤ count ≤ capacity`, every live slot holds the
  /// frame its position says, and pushed = popped + dropped + count. Only meaningful while
  /// neither side is running (tests, shutdown).
  public func checkInvariants() {
    let h = head.load(ordering: .acquiring)
    let t = tail.load(ordering: .acquiring)
    precondition(t >= h && t &- h <= UInt64(capacity), "count outside 0...capacity")
    precondition(pushed == popped + dropped + UInt64(t &- h), "frames lost or invented")
    var index = h
    while index != t {
      let slot = Int(index % UInt64(capacity))
      precondition(
        versions[slot].load(ordering: .relaxed) == 2 &* index &+ 2,
        "slot \(slot) does not hold frame \(index)")
      index &+= 1
    }
  }
}
