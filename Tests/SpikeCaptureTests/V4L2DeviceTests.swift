import CSpikeCamSys
import Foundation
import SpikeCapture
import SpikeSystem
import Testing

#if canImport(Glibc)
  import Glibc
#endif

extension V4L2Tests {
  /// Against a real V4L2 capture device: vivid (YUYV and raw formats, no MJPEG) in the VM.
  @Suite(.enabled(if: V4L2Tests.device != nil, "no V4L2_TEST_DEVICE: \(V4L2Tests.howToRun)"))
  struct Device {
    let path = V4L2Tests.device ?? "/dev/video0"

    @Test func capabilitiesAndNativeFormats() throws {
      let device = try VideoDevice.open(path)
      #expect(!device.capabilities.driver.isEmpty && !device.capabilities.card.isEmpty)
      let formats = try device.formats()
      #expect(formats.contains { $0.pixelFormat == .yuyv })
      let sizes = try device.frameSizes(of: .yuyv)
      #expect(!sizes.isEmpty)
      let first = sizes[0]
      let intervals = try device.frameIntervals(
        of: .yuyv, width: first.minWidth, height: first.minHeight)
      switch intervals {
      case .discrete(let list): #expect(!list.isEmpty)
      case .range: break
      }
    }

    /// vivid offers no MJPEG, so negotiation falls back to YUYV at the smallest covering size.
    @Test func negotiationFallsBackToYUYV() throws {
      var device = try VideoDevice.open(path)
      let stream = try device.negotiate(CaptureRequest())
      #expect(stream.pixelFormat == .yuyv)
      #expect(
        stream.height >= Preprocess.gesture9.scaledHeight && stream.bytesPerLine >= stream.width * 2
      )
      let grey = try device.negotiate(CaptureRequest(pixelFormat: .grey))
      #expect(grey.pixelFormat == .grey)
      try device.close()
    }

    /// 300 frames at 30 fps: sequence numbers strictly increase, gaps are counted (not
    /// assumed absent), timestamps are monotonic, and nothing is skipped as corrupt.
    @Test func captures300FramesWithCheckedSequenceNumbers() throws {
      var source = try V4L2Source(path: path, request: CaptureRequest(framesPerSecond: 30))
      var pixels = [UInt8](repeating: 0, count: source.format.byteCount)
      var last: FrameStamp?
      var gaps = 0
      // The source hands each dequeued buffer back before the next DQBUF, so it cannot deliver
      // one buffer twice; a sequence number that does not increase is the driver's (vivid
      // under a slow emulated VM numbers a late frame like the one before). Counted, bounded.
      var repeats = 0
      var dark = 0
      for _ in 0..<300 {
        let stamp = try #require(
          try pixels.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) })
        if let last {
          #expect(stamp.captureNanos >= last.captureNanos)
          if stamp.sequence > last.sequence {
            gaps += Int(stamp.sequence - last.sequence) - 1
          } else {
            repeats += 1
          }
        }
        last = stamp
        if pixels.reduce(0, { $0 + Int($1) }) / pixels.count == 0 { dark += 1 }
      }
      print("vivid: 300 frames, \(gaps) sequence gaps, \(repeats) repeated numbers, \(source.skipped) skipped")
      #expect(source.delivered == 300 && source.skipped == 0)
      #expect(gaps < 300, "driver dropped \(gaps) frames")
      #expect(repeats <= 15, "the driver repeated \(repeats) sequence numbers in 300 frames")
      #expect(dark == 0, "\(dark) black frames")  // vivid's test pattern is never black
      let fd = source.device.fileDescriptor
      try source.close()
      #expect(V4L2Tests.descriptors(of: path) == 0 && fd >= 0)
    }

    @Test func forcedUnsupportedFormatSaysWhatIsOffered() {
      let error = V4L2Tests.captureError { () throws(CaptureError) in
        _ = try V4L2Source(path: path, request: CaptureRequest(pixelFormat: .mjpeg))
      }
      guard case .unsupportedFormat(let p, let requested, let available) = error else {
        Issue.record("expected unsupportedFormat, got \(String(describing: error))")
        return
      }
      #expect(p == path && requested == "MJPG" && available.contains { $0.hasPrefix("YUYV ") })
      #expect(V4L2Tests.descriptors(of: path) == 0)
      let size = V4L2Tests.captureError { () throws(CaptureError) in
        _ = try V4L2Source(
          path: path,
          request: CaptureRequest(pixelFormat: .yuyv, size: FrameFormat(width: 123, height: 45)))
      }
      guard case .unsupportedFormat = size else {
        Issue.record("expected unsupportedFormat for 123x45, got \(String(describing: size))")
        return
      }
    }

    /// A second opener cannot take the device while the first streams; the error names the
    /// holder (here: this very process).
    @Test func busyDeviceNamesTheHolder() throws {
      let first = try V4L2Source(path: path)
      let error = V4L2Tests.captureError { () throws(CaptureError) in _ = try V4L2Source(path: path)
      }
      guard case .deviceBusy(let p, let holder) = error else {
        Issue.record("expected deviceBusy, got \(String(describing: error))")
        return
      }
      #expect(p == path && holder?.contains("this process (pid \(getpid())") == true)
      #expect(V4L2Tests.descriptors(of: path) == 1)  // only the first one's
      try first.close()
      #expect(V4L2Tests.descriptors(of: path) == 0)
    }

    /// Another process streams from the device: the error names it (found in /proc/*/fd).
    @Test(
      .enabled(
        if: FileManager.default.isExecutableFile(atPath: "/usr/bin/v4l2-ctl"),
        "needs v4l2-ctl (v4l-utils)"))
    func busyDeviceNamesAnotherProcess() throws {
      let arguments = [
        "/usr/bin/v4l2-ctl", "-d", path, "--stream-mmap", "--stream-count=100000",
        "--stream-to=/dev/null",
      ]
      var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
      defer { for pointer in argv { free(pointer) } }
      // v4l2-ctl prints a '<' per captured frame: the first one says it streams, and only then
      // is the device busy. Probing earlier would let the probe take the device instead.
      var output: [Int32] = [0, 0]
      try #require(pipe(&output) == 0)
      defer { close(output[0]) }
      var pid: pid_t = 0
      var actions = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      posix_spawn_file_actions_adddup2(&actions, output[1], 1)
      posix_spawn_file_actions_adddup2(&actions, output[1], 2)
      posix_spawn_file_actions_addclose(&actions, output[0])
      let spawned = posix_spawn(&pid, "/usr/bin/v4l2-ctl", &actions, nil, &argv, environ)
      close(output[1])
      try #require(spawned == 0)
      defer {
        kill(pid, SIGKILL)  // SIGTERM may be blocked: children inherit the test thread's signal mask
        var status: Int32 = 0
        waitpid(pid, &status, 0)
      }
      var said: [UInt8] = []
      let deadline = Date().addingTimeInterval(120)
      while !said.contains(UInt8(ascii: "<")) && Date() < deadline {
        var poller = pollfd(fd: output[0], events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 1000) >= 0 else { continue }
        if poller.revents == 0 { continue }
        var chunk = [UInt8](repeating: 0, count: 512)
        let n = read(output[0], &chunk, chunk.count)
        if n <= 0 { break }  // v4l2-ctl ended
        said += chunk[0..<n]
      }
      try #require(
        said.contains(UInt8(ascii: "<")),
        "v4l2-ctl never streamed: \(String(decoding: said, as: UTF8.self))")
      let error = V4L2Tests.captureError { () throws(CaptureError) in _ = try V4L2Source(path: path) }
      guard case .deviceBusy(_, let holder) = error else {
        Issue.record("expected deviceBusy while v4l2-ctl streams, got \(String(describing: error))")
        return
      }
      #expect(holder == "process \(pid) (v4l2-ctl)")
      #expect(V4L2Tests.descriptors(of: path) == 0)
    }

    /// A real driver failure, not an injected one: vivid's "inject fatal streaming error" control
    /// makes the queue fail, and the source ends in the typed error with the device closed.
    @Test(
      .enabled(
        if: FileManager.default.isExecutableFile(atPath: "/usr/bin/v4l2-ctl"),
        "needs v4l2-ctl (v4l-utils)"))
    func fatalStreamingErrorFromTheDriver() throws {
      var source = try V4L2Source(path: path, request: CaptureRequest(framesPerSecond: 30))
      guard source.device.capabilities.driver == "vivid" else { return }  // the control is vivid's
      var pixels = [UInt8](repeating: 0, count: source.format.byteCount)
      #expect(try pixels.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) } != nil)
      let arguments = ["/usr/bin/v4l2-ctl", "-d", path, "-c", "inject_fatal_streaming_error=1"]
      var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
      defer { for pointer in argv { free(pointer) } }
      var pid: pid_t = 0
      try #require(posix_spawn(&pid, "/usr/bin/v4l2-ctl", nil, nil, &argv, environ) == 0)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
      try #require(status == 0, "v4l2-ctl could not set the control")
      let error = V4L2Tests.captureError { () throws(CaptureError) in
        for _ in 0..<100 {
          _ = try pixels.withUnsafeMutableBufferPointer { buffer throws(CaptureError) in
            try source.nextFrame(into: buffer)
          }
        }
      }
      #expect(error == .systemError(path: path, call: "VIDIOC_DQBUF", errno: Errno(EIO)))
      #expect(V4L2Tests.descriptors(of: path) == 0)
    }

    /// Closing while frames are queued and streaming: `close` stops, unmaps and closes; so does
    /// stopping a capture thread, before `stop()` returns.
    @Test func closingWhileStreaming() throws {
      var device = try VideoDevice.open(path)
      try device.negotiate(CaptureRequest())
      try device.startStreaming(bufferCount: 4)
      let streaming = device.isStreaming
      #expect(streaming)
      var frames = 0
      while frames < 3 {
        if let buffer = try device.dequeue(timeoutMilliseconds: 5000) {
          frames += 1
          if frames < 3 { try device.requeue(buffer) }  // the last one stays dequeued
        }
      }
      try device.close()
      #expect(V4L2Tests.descriptors(of: path) == 0)

      let stop = StopSignal()
      let source = try V4L2Source(
        path: path, request: CaptureRequest(framesPerSecond: 30), stop: stop)
      let ring = FrameRing(capacity: 4, format: source.format)
      let thread = CaptureThread(source: source, ring: ring, stopSignal: stop)
      let deadline = Date().addingTimeInterval(20)
      while thread.captured < 10 && Date() < deadline && thread.outcome == .running {
        usleep(10_000)
      }
      thread.stop()
      #expect(thread.captured >= 10 && thread.outcome == .stopped)
      #expect(V4L2Tests.descriptors(of: path) == 0)
      #expect(ring.pushed == UInt64(thread.captured) && ring.count == min(4, thread.captured))
    }

    /// 100 YUYV frames through the source, in 5 windows of 20 in a child process: no window
    /// grows the heap.
    @Test func noAllocationPerFrame() async {
      let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
        guard let path = V4L2Tests.device,
          var source = try? V4L2Source(path: path, request: CaptureRequest(framesPerSecond: 30))
        else { exit(2) }
        var pixels = [UInt8](repeating: 0, count: source.format.byteCount)
        func frames(_ n: Int) -> Bool {
          for _ in 0..<n {
            guard
              (try? pixels.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) }) != nil
            else {
              return false
            }
          }
          return true
        }
        guard frames(10) else { exit(3) }
        var growth = [Int](repeating: 0, count: 5)
        for window in 0..<5 {
          let before = spikecam_heap_bytes_in_use()
          guard frames(20) else { exit(3) }
          growth[window] = Int(spikecam_heap_bytes_in_use()) - Int(before)
        }
        let verdict = growth.allSatisfy { $0 <= 0 } ? "none grew" : "GREW"
        let report = "heap growth per 20 YUYV frames: \(growth) (\(verdict))\n"
        _ = report.withCString { write(2, $0, strlen($0)) }
        exit(0)  // the parent checks the report
      }
      let report = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
      print(report, terminator: "")
      #expect(report.contains("(none grew)"), "\(report)")
    }

    #if SPIKECAM_FAULT_INJECTION
      /// Unplugged mid-stream (ENODEV on the 5th dequeue): `.deviceVanished`, descriptor closed
      /// at once, and the same error again on the next call.
      @Test func vanishedMidStream() throws {
        try V4L2Tests.withFaults {
          var source = try V4L2Source(path: path, request: CaptureRequest(framesPerSecond: 30))
          FaultInjection.fail(.dequeueBuffer, errno: ENODEV, onCall: 5)
          var pixels = [UInt8](repeating: 0, count: source.format.byteCount)
          var delivered = 0
          let error = V4L2Tests.captureError { () throws(CaptureError) in
            while true {
              _ = try pixels.withUnsafeMutableBufferPointer { buffer throws(CaptureError) in
                try source.nextFrame(into: buffer)
              }
              delivered += 1
            }
          }
          #expect(error == .deviceVanished(path: path) && delivered == 4)
          let fd = source.device.fileDescriptor
          #expect(V4L2Tests.descriptors(of: path) == 0 && fd == -1)
          let again = V4L2Tests.captureError { () throws(CaptureError) in
            _ = try pixels.withUnsafeMutableBufferPointer { buffer throws(CaptureError) in
              try source.nextFrame(into: buffer)
            }
          }
          #expect(again == .deviceVanished(path: path))
          try source.close()  // already closed: nothing left to report
        }
      }

      @Test func ioErrorMidStream() throws {
        try V4L2Tests.withFaults {
          var source = try V4L2Source(path: path, request: CaptureRequest(framesPerSecond: 30))
          FaultInjection.fail(.dequeueBuffer, errno: EIO, onCall: 2)
          var pixels = [UInt8](repeating: 0, count: source.format.byteCount)
          let error = V4L2Tests.captureError { () throws(CaptureError) in
            while true {
              _ = try pixels.withUnsafeMutableBufferPointer { buffer throws(CaptureError) in
                try source.nextFrame(into: buffer)
              }
            }
          }
          #expect(error == .systemError(path: path, call: "VIDIOC_DQBUF", errno: Errno(EIO)))
          #expect(V4L2Tests.descriptors(of: path) == 0)
        }
      }

      /// Setup failures: each typed, and the descriptor closed before the error arrives.
      @Test func setupFailuresCloseTheDescriptor() {
        V4L2Tests.withFaults {
          let cases: [(SystemCall, Int32, CaptureError)] = [
            (.requestBuffers, EBUSY, .deviceBusy(path: path, holder: nil)),
            (.setFormat, EBUSY, .deviceBusy(path: path, holder: nil)),
            (.setFormat, EINVAL, .unsupportedFormat(path: path, requested: "", available: [])),
            (.streamOn, EINVAL, .systemError(path: path, call: "VIDIOC_STREAMON", errno: Errno(EINVAL))),
            (.streamOn, EIO, .systemError(path: path, call: "VIDIOC_STREAMON", errno: Errno(EIO))),
            (.mmap, ENOMEM, .systemError(path: path, call: "mmap", errno: Errno(ENOMEM))),
            (.queueBuffer, ENODEV, .deviceVanished(path: path)),
          ]
          for (call, code, expected) in cases {
            FaultInjection.reset()
            FaultInjection.fail(call, errno: code)
            let error = V4L2Tests.captureError { () throws(CaptureError) in
              _ = try V4L2Source(path: path)
            }
            switch (error, expected) {
            case (.unsupportedFormat(let p, _, let available), .unsupportedFormat):
              #expect(p == path && !available.isEmpty, "\(call) \(code)")
            default:
              #expect(error == expected, "\(call) \(Errno(code))")
            }
            #expect(
              V4L2Tests.descriptors(of: path) == 0,
              "\(call) \(Errno(code)) left the device open")
          }
        }
      }

      /// No frame in time (every dequeue says EAGAIN): `.frameTimeout` after about the timeout;
      /// not fatal, the next call captures again.
      @Test func frameTimeout() throws {
        try V4L2Tests.withFaults {
          var source = try V4L2Source(
            path: path, request: CaptureRequest(framesPerSecond: 30), frameTimeoutMilliseconds: 400)
          var pixels = [UInt8](repeating: 0, count: source.format.byteCount)
          FaultInjection.fail(.dequeueBuffer, errno: EAGAIN, times: 1_000_000)
          let start = Date()
          let error = V4L2Tests.captureError { () throws(CaptureError) in
            _ = try pixels.withUnsafeMutableBufferPointer { buffer throws(CaptureError) in
              try source.nextFrame(into: buffer)
            }
          }
          let elapsed = Date().timeIntervalSince(start)
          #expect(error == .frameTimeout(path: path, milliseconds: 400))
          #expect(elapsed >= 0.4 && elapsed < 5, "timed out after \(elapsed) s")
          FaultInjection.reset()
          #expect(
            try pixels.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) } != nil)
          try source.close()
        }
      }

      @Test func interruptedDequeueIsRetried() throws {
        try V4L2Tests.withFaults {
          var source = try V4L2Source(path: path, request: CaptureRequest(framesPerSecond: 30))
          FaultInjection.fail(.dequeueBuffer, errno: EINTR, onCall: 1, times: 3)
          FaultInjection.fail(.poll, errno: EINTR, onCall: 2)
          var pixels = [UInt8](repeating: 0, count: source.format.byteCount)
          for _ in 0..<3 {
            #expect(
              try pixels.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) } != nil)
          }
          #expect(FaultInjection.firedCount == 4)
          try source.close()
        }
      }
    #endif
  }
}
