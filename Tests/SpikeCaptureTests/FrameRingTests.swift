import CSpikeCamSys
import Testing

import SpikeCapture

#if canImport(Glibc)
  import Glibc
#endif

/// A frame whose every byte says which frame it is, so a mixed-up or torn frame shows.
func patternFrame(_ n: UInt64, bytes: Int) -> [UInt8] {
  (0..<bytes).map { UInt8(truncatingIfNeeded: n &* 31 &+ UInt64($0) &* 7) }
}

extension FrameRing {
  @discardableResult
  func push(_ frame: [UInt8], sequence: UInt64) -> FrameStamp? {
    frame.withUnsafeBufferPointer {
      push($0, stamp: FrameStamp(sequence: sequence, captureNanos: sequence &* 1000))
    }
  }

  func pop() -> ([UInt8], FrameStamp)? {
    var out = [UInt8](repeating: 0, count: format.byteCount)
    guard let stamp = out.withUnsafeMutableBufferPointer({ pop(into: $0) }) else { return nil }
    return (out, stamp)
  }
}

@Suite struct FrameRingTests {
  // 13 bytes: not a multiple of 8, so the partial last word is exercised too.
  static let format = FrameFormat(width: 13, height: 1)

  /// Every layout (capacity × start slot × count) of a small ring: push `count` frames at
  /// `start`, check the layout, then overfill by `extra` and check exactly the oldest were
  /// dropped, reported in order, and the rest come out in order and intact.
  @Test func everyLayoutWithDropAccounting() {
    var layouts = 0
    for capacity in [1, 2, 3, 5, 8] {
      for start in 0..<capacity {
        for count in 0...capacity {
          for extra in 0...(capacity + 1) {
            let ring = FrameRing(capacity: capacity, format: Self.format, startSlot: start)
            for n in 0..<count {
              #expect(ring.push(patternFrame(UInt64(n), bytes: 13), sequence: UInt64(n)) == nil)
            }
            #expect(ring.count == count && ring.startSlot == start)
            #expect(ring.isFull == (count == capacity) && ring.isEmpty == (count == 0))
            ring.checkInvariants()
            var droppedSeen: [UInt64] = []
            for n in count..<(count + extra) {
              if let dropped = ring.push(patternFrame(UInt64(n), bytes: 13), sequence: UInt64(n)) {
                droppedSeen.append(dropped.sequence)
              }
            }
            let total = count + extra
            let kept = min(total, capacity)
            let expectedDropped = (0..<(total - kept)).map(UInt64.init)
            #expect(
              droppedSeen == expectedDropped,
              "capacity \(capacity) start \(start) count \(count) extra \(extra)")
            #expect(ring.dropped == UInt64(total - kept) && ring.count == kept)
            #expect(ring.startSlot == (start + total - kept) % capacity)
            ring.checkInvariants()
            for n in (total - kept)..<total {
              let popped = ring.pop()
              #expect(popped?.1 == FrameStamp(sequence: UInt64(n), captureNanos: UInt64(n) * 1000))
              #expect(popped?.0 == patternFrame(UInt64(n), bytes: 13))
            }
            #expect(ring.pop() == nil && ring.isEmpty)
            #expect(ring.pushed == UInt64(total) && ring.popped == UInt64(kept))
            ring.checkInvariants()
            layouts += 1
          }
        }
      }
    }
    #expect(layouts == 1020)  // Σ over capacities of capacity × (capacity + 1) × (capacity + 2)
  }

  @Test func trappingAppendOnAFullRing() async {
    await #expect(processExitsWith: .failure) {
      let ring = FrameRing(capacity: 2, format: FrameFormat(width: 4, height: 1))
      let frame: [UInt8] = [1, 2, 3, 4]
      frame.withUnsafeBufferPointer { pixels in
        ring.append(pixels, stamp: FrameStamp(sequence: 0, captureNanos: 0))
        ring.append(pixels, stamp: FrameStamp(sequence: 1, captureNanos: 0))
        ring.append(pixels, stamp: FrameStamp(sequence: 2, captureNanos: 0))  // traps
      }
    }
  }

  @Test func zeroCapacityTraps() async {
    await #expect(processExitsWith: .failure) {
      _ = FrameRing(capacity: 0, format: FrameFormat(width: 4, height: 1))
    }
  }

  /// One producer and one consumer hammering a 3-slot ring: every popped frame is intact and
  /// newer than the one before, and pushed = popped + dropped + left over.
  @Test func twoThreadStress() async {
    let frames = 20_000
    let ring = FrameRing(capacity: 3, format: FrameFormat(width: 24, height: 3))
    let bytes = ring.format.byteCount
    let producer = Task.detached {
      var frame = [UInt8](repeating: 0, count: bytes)
      for n in 0..<UInt64(frames) {
        for i in 0..<bytes { frame[i] = UInt8(truncatingIfNeeded: n &* 31 &+ UInt64(i) &* 7) }
        frame.withUnsafeBufferPointer {
          _ = ring.push($0, stamp: FrameStamp(sequence: n, captureNanos: n))
        }
      }
    }
    let consumer = Task.detached { () -> (Int, Int, Bool) in
      var out = [UInt8](repeating: 0, count: bytes)
      var popped = 0
      var torn = 0
      var last: Int64 = -1
      var ordered = true
      while true {
        if let stamp = out.withUnsafeMutableBufferPointer({ ring.pop(into: $0) }) {
          popped += 1
          if Int64(stamp.sequence) <= last { ordered = false }
          last = Int64(stamp.sequence)
          for i in 0..<bytes
          where out[i] != UInt8(truncatingIfNeeded: stamp.sequence &* 31 &+ UInt64(i) &* 7) {
            torn += 1
            break
          }
        } else if ring.pushed == UInt64(frames) && ring.isEmpty {
          return (popped, torn, ordered)
        }
      }
    }
    await producer.value
    let (popped, torn, ordered) = await consumer.value
    #expect(torn == 0 && ordered)
    #expect(UInt64(popped) == ring.popped && ring.pushed == UInt64(frames))
    #expect(ring.popped + ring.dropped == UInt64(frames))
    ring.checkInvariants()
  }

  /// 10,000 frames through push and pop leave the heap exactly as it was (measured in a child
  /// process so other tests' allocations do not blur it).
  @Test func noAllocationPerFrame() async {
    let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
      let ring = FrameRing(capacity: 4, format: FrameFormat(width: 64, height: 64))
      var frame = [UInt8](repeating: 7, count: 4096)
      var out = [UInt8](repeating: 0, count: 4096)
      func cycle(_ n: UInt64) {
        frame[Int(n % 4096)] = UInt8(truncatingIfNeeded: n)
        frame.withUnsafeBufferPointer {
          _ = ring.push($0, stamp: FrameStamp(sequence: n, captureNanos: n))
        }
        if n % 3 != 0 { _ = out.withUnsafeMutableBufferPointer { ring.pop(into: $0) } }
      }
      for n in 0..<100 { cycle(UInt64(n)) }  // warm up
      let before = spikecam_heap_bytes_in_use()
      for n in 100..<10_100 { cycle(UInt64(n)) }
      let after = spikecam_heap_bytes_in_use()
      let report =
        "heap growth over 10000 frames: \(Int(after) - Int(before)) bytes, dropped \(ring.dropped)\n"
      _ = report.withCString { write(2, $0, strlen($0)) }
      if after != before || ring.dropped == 0 { exit(1) }
    }
    let report = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    #expect(report.contains("growth over 10000 frames: 0 bytes"), "\(report)")
  }
}
