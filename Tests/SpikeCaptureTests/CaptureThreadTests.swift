import Foundation
import Synchronization
import Testing

import SpikeCapture

/// A finite source of pattern frames that records when it is destroyed.
struct CountingSource: FrameSource, ~Copyable {
  let format: FrameFormat
  let limit: UInt64?
  let failAt: UInt64?
  let destroyed: Atomic<Bool>.Reference
  var next: UInt64 = 0

  init(
    format: FrameFormat, limit: UInt64?, failAt: UInt64? = nil, destroyed: Atomic<Bool>.Reference
  ) {
    self.format = format
    self.limit = limit
    self.failAt = failAt
    self.destroyed = destroyed
  }

  deinit { destroyed.flag.store(true, ordering: .releasing) }

  mutating func nextFrame(into pixels: UnsafeMutableBufferPointer<UInt8>) throws(CaptureError)
    -> FrameStamp?
  {
    if let limit, next >= limit { return nil }
    if let failAt, next == failAt { throw .deviceVanished(path: "/dev/test") }
    for i in 0..<format.byteCount {
      pixels[i] = UInt8(truncatingIfNeeded: next &* 31 &+ UInt64(i) &* 7)
    }
    next += 1
    return FrameStamp(sequence: next - 1, captureNanos: next)
  }
}

extension Atomic where Value == Bool {
  /// A shareable flag (Atomic itself cannot be captured or stored in a copyable struct).
  final class Reference: Sendable {
    let flag = Atomic<Bool>(false)
    var value: Bool { flag.load(ordering: .acquiring) }
  }
}

@Suite struct CaptureThreadTests {
  static let format = FrameFormat(width: 8, height: 8)

  @Test func finiteSourceRunsToTheEndAndIsDestroyedBeforeJoinReturns() {
    let ring = FrameRing(capacity: 64, format: Self.format)
    let destroyed = Atomic<Bool>.Reference()
    let thread = CaptureThread(
      source: CountingSource(format: Self.format, limit: 50, destroyed: destroyed), ring: ring)
    thread.join()
    #expect(thread.outcome == .finished && thread.captured == 50)
    #expect(destroyed.value)
    var sequences: [UInt64] = []
    while let frame = ring.pop() { sequences.append(frame.1.sequence) }
    #expect(sequences == Array(0..<50))
  }

  @Test func stopEndsAnEndlessSource() {
    let ring = FrameRing(capacity: 4, format: Self.format)
    let destroyed = Atomic<Bool>.Reference()
    let thread = CaptureThread(
      source: CountingSource(format: Self.format, limit: nil, destroyed: destroyed), ring: ring)
    // Waits for the event, with a deadline so a stuck thread fails instead of hanging.
    let deadline = ContinuousClock.now + .seconds(120)
    while thread.captured < 100 && ContinuousClock.now < deadline { usleep(1000) }
    #expect(thread.captured >= 100, "the capture thread stalled at \(thread.captured) frames")
    thread.stop()
    #expect(thread.outcome == .stopped && destroyed.value)
    #expect(ring.pushed == UInt64(thread.captured) && ring.dropped == ring.pushed - 4)
  }

  @Test func aFailingSourceEndsWithItsError() {
    let ring = FrameRing(capacity: 4, format: Self.format)
    let destroyed = Atomic<Bool>.Reference()
    let thread = CaptureThread(
      source: CountingSource(format: Self.format, limit: nil, failAt: 7, destroyed: destroyed),
      ring: ring)
    thread.join()
    #expect(thread.outcome == .failed(.deviceVanished(path: "/dev/test")))
    #expect(thread.captured == 7 && destroyed.value)
  }
}

@Suite struct CaptureThreadLifetimeTests {
  /// Dropping the handle without join or stop: the thread still ends and the source is
  /// destroyed (whichever thread lets go last).
  @Test func droppingTheHandleEndsTheThread() async throws {
    let ring = FrameRing(capacity: 4, format: FrameFormat(width: 8, height: 8))
    let destroyed = Atomic<Bool>.Reference()
    do {
      _ = CaptureThread(
        source: CountingSource(format: ring.format, limit: 20, destroyed: destroyed), ring: ring)
    }
    let deadline = ContinuousClock.now + .seconds(120)
    while !destroyed.value && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
    #expect(destroyed.value)
  }
}
