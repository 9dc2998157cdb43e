import Foundation
import SpikeSystem
import Synchronization
import Testing

@testable import SpikeCapture

/// A scripted stream: frames with the given sequence numbers and events in between, then the
/// end (or a failure).
struct ScriptedStream: FrameStream, ~Copyable {
  enum Step { case frame(UInt64), event(StreamEvent), fail(StreamError) }
  let format = FrameFormat(width: 4, height: 2)
  var steps: [Step]

  mutating func next(into pixels: UnsafeMutableBufferPointer<UInt8>, cancel: Cancellation)
    throws(StreamError) -> StreamItem
  {
    if cancel.isRequested || steps.isEmpty { return .end }
    switch steps.removeFirst() {
    case .frame(let sequence):
      for i in 0..<format.byteCount { pixels[i] = UInt8(truncatingIfNeeded: sequence &+ UInt64(i)) }
      return .frame(FrameStamp(sequence: sequence, captureNanos: sequence))
    case .event(let event): return .event(event)
    case .fail(let error): throw error
    }
  }
}

/// Records what the runner fed it.
struct RecordingConsumer: FrameConsumer {
  var log: [String] = []
  var firstPixels: [UInt8] = []
  var stopAfter: Int?
  let stop = Atomic<Bool>.Reference()

  mutating func consume(
    _ frame: UnsafeBufferPointer<UInt8>, stamp: FrameStamp, progress: StreamProgress
  ) {
    log.append("frame \(stamp.sequence) (\(progress.frames), dropped \(progress.dropped))")
    firstPixels.append(frame[0])
    if let stopAfter, progress.frames >= stopAfter { stop.flag.store(true, ordering: .releasing) }
  }

  mutating func handle(_ event: StreamEvent, progress: StreamProgress) {
    log.append("event \(event)")
  }
}

@Suite struct StreamRunnerTests {
  @Test func framesAndEventsArriveInOrderAndGapsCountAsDropped() throws {
    let lost = CaptureError.deviceVanished(path: "/dev/video0")
    var stream = ScriptedStream(steps: [
      .frame(0), .frame(1), .frame(4), .event(.deviceLost(lost)), .event(.reopened(attempt: 1)),
      .frame(0), .frame(2),
    ])
    var consumer = RecordingConsumer()
    var progress = StreamProgress()
    let end = try StreamRunner.run(&stream, into: &consumer, cancel: .never, progress: &progress)
    #expect(end == .sourceEnded && end.reason == "end")
    // 4 after 1 lost two frames; after a reopen the sequence starts again (0 is not a gap), and
    // 2 after 0 lost one more.
    #expect(consumer.log == [
      "frame 0 (1, dropped 0)", "frame 1 (2, dropped 0)", "frame 4 (3, dropped 2)",
      "event \(StreamEvent.deviceLost(lost))", "event \(StreamEvent.reopened(attempt: 1))",
      "frame 0 (4, dropped 2)", "frame 2 (5, dropped 3)",
    ])
    #expect(consumer.firstPixels == [0, 1, 4, 0, 2])
    #expect(progress.frames == 5 && progress.dropped == 3)
  }

  @Test func stopsAtTheFrameLimitAndOnCancellation() throws {
    var stream = ScriptedStream(steps: (0..<10).map { .frame($0) })
    var consumer = RecordingConsumer()
    var progress = StreamProgress()
    #expect(
      try StreamRunner.run(&stream, into: &consumer, maxFrames: 3, cancel: .never, progress: &progress)
        == .frameLimit)
    #expect(progress.frames == 3 && stream.steps.count == 7)

    consumer.stopAfter = 5
    let stop = consumer.stop
    let cancel = Cancellation { stop.value ? "signal" : nil }
    let end = try StreamRunner.run(&stream, into: &consumer, cancel: cancel, progress: &progress)
    #expect(end == .cancelled("signal") && end.reason == "signal")
    #expect(progress.frames == 5 && stream.steps.count == 5)
  }

  @Test func aFailingStreamThrowsAfterTheFramesBeforeIt() {
    let gaveUp = StreamGaveUp(
      path: "/dev/video0", attempts: 2, lastError: .noSuchDevice(path: "/dev/video0"))
    var stream = ScriptedStream(steps: [.frame(0), .fail(.gaveUp(gaveUp)), .frame(1)])
    var consumer = RecordingConsumer()
    var progress = StreamProgress()
    #expect(throws: StreamError.gaveUp(gaveUp)) {
      try StreamRunner.run(&stream, into: &consumer, cancel: .never, progress: &progress)
    }
    #expect(progress.frames == 1)
    #expect(gaveUp.description.hasPrefix("/dev/video0 was lost and did not come back after 2 reopen attempts"))
  }

  /// A clip through `SourceStream` delivers every frame, as reading the source directly does.
  @Test func sourceStreamPlaysAClipWhole() throws {
    var direct = try ClipSource(path: TestPaths.sampleAVI)
    var expected: [UInt8] = []
    var frame = [UInt8](repeating: 0, count: direct.format.byteCount)
    while try frame.withUnsafeMutableBufferPointer({ try direct.nextFrame(into: $0) }) != nil {
      expected.append(frame[frame.count / 2])
    }
    struct Middle: FrameConsumer {
      var pixels: [UInt8] = []
      mutating func consume(_ f: UnsafeBufferPointer<UInt8>, stamp: FrameStamp, progress: StreamProgress) {
        pixels.append(f[f.count / 2])
      }
      mutating func handle(_ event: StreamEvent, progress: StreamProgress) {}
    }
    var stream = SourceStream(try ClipSource(path: TestPaths.sampleAVI))
    var consumer = Middle()
    var progress = StreamProgress()
    #expect(try StreamRunner.run(&stream, into: &consumer, cancel: .never, progress: &progress) == .sourceEnded)
    #expect(!expected.isEmpty && consumer.pixels == expected && progress.dropped == 0)
  }

  @Test func aMissingDeviceFailsAtOpenWithoutRetrying() {
    #expect(throws: CaptureError.noSuchDevice(path: "/dev/spikecam-no-such-video")) {
      _ = try DeviceStream(
        path: "/dev/spikecam-no-such-video", preprocess: .gesture9, frameSlots: 4,
        policy: ReopenPolicy())
    }
  }

  @Test func backoffDoublesUpToThirtySeconds() {
    #expect((1...8).map { ReopenPolicy(backoffMilliseconds: 500).backoff(attempt: $0) }
      == [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000])
    #expect(ReopenPolicy(backoffMilliseconds: 0).backoff(attempt: 3) == 0)
  }

  @Test func cancellableSleepEndsEarly() {
    let flag = Atomic<Bool>.Reference()
    flag.flag.store(true, ordering: .releasing)
    #expect(!Cancellation { flag.value ? "signal" : nil }.sleep(milliseconds: 600_000))
    #expect(Cancellation.never.sleep(milliseconds: 1))
  }
}

/// The consumer's blocking pop: it sleeps while the ring is empty and wakes for a frame or
/// `wake()`, not after a poll interval.
@Suite(.timeLimit(.minutes(2))) struct FrameRingWaitTests {
  static let format = FrameFormat(width: 8, height: 8)

  @Test func anEmptyRingWaitsOutItsTimeout() {
    let ring = FrameRing(capacity: 2, format: Self.format)
    var out = [UInt8](repeating: 0, count: Self.format.byteCount)
    let before = StopRequest.monotonicNanos()
    #expect(out.withUnsafeMutableBufferPointer { ring.pop(into: $0, waitingNanos: 30_000_000) } == nil)
    #expect(StopRequest.monotonicNanos() - before >= 30_000_000)
  }

  /// A frame pushed from another thread ends a wait that would otherwise last ten minutes;
  /// so does `wake()`. Repeated to catch a lost wake-up between the check and the sleep.
  @Test func aPushOrAWakeEndsTheWait() {
    let ring = FrameRing(capacity: 2, format: Self.format)
    var out = [UInt8](repeating: 0, count: Self.format.byteCount)
    let pixels = [UInt8](repeating: 7, count: Self.format.byteCount)
    let tenMinutes: UInt64 = 600_000_000_000
    for round in 0..<200 {
      let producer = Thread {
        pixels.withUnsafeBufferPointer {
          _ = ring.push($0, stamp: FrameStamp(sequence: UInt64(round), captureNanos: 0))
        }
      }
      producer.start()
      let stamp = out.withUnsafeMutableBufferPointer { ring.pop(into: $0, waitingNanos: tenMinutes) }
      #expect(stamp?.sequence == UInt64(round))
    }
    Thread { ring.wake() }.start()
    #expect(out.withUnsafeMutableBufferPointer { ring.pop(into: $0, waitingNanos: tenMinutes) } == nil)
    ring.checkInvariants()
  }
}
