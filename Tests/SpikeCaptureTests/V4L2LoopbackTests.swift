import CSpikeCamSys
import Foundation
import Testing

import SpikeCapture

#if canImport(Glibc)
  import Glibc
#endif

extension V4L2Tests {
  /// Against an MJPEG webcam: v4l2loopback fed by ffmpeg in the VM (`v4l2-vm --feed clip.avi`).
  @Suite(
    .enabled(
      if: V4L2Tests.loopback != nil,
      "no V4L2_LOOPBACK_DEVICE: run in the VM with an MJPEG feed: bash .ci/v4l2-vm --feed clip.avi -- .build/debug/SpikeCamPackageTests.xctest --testing-library swift-testing --filter Loopback"
    ))
  struct Loopback {
    let path = V4L2Tests.loopback ?? "/dev/video10"

    @Test func negotiatesMJPEG() throws {
      var device = try VideoDevice.open(path)
      #expect(try device.formats().map(\.pixelFormat) == [.mjpeg])
      let stream = try device.negotiate(CaptureRequest())
      #expect(stream.pixelFormat == .mjpeg && stream.width == 640 && stream.height == 480)
      try device.close()
    }

    /// Frames straight from the driver: our luma equals djpeg's at the DCT scale the source
    /// uses (1/4: 160×120 is the smallest still ≥ 128×96), and the source's frame equals the
    /// preprocessing of djpeg's image. v4l2loopback can hand out a buffer its writer is still
    /// overwriting (see the next test), which neither decoder can read: only frames libjpeg
    /// decodes cleanly are compared, three of them, out of at most 60 dequeued.
    @Test func capturedFramesDecodeLikeDjpeg() throws {
      var device = try VideoDevice.open(path)
      let stream = try device.negotiate(CaptureRequest())
      try device.startStreaming()
      var decoder = JPEGDecoder(capacity: 640 * 480)
      var jpegs: [[UInt8]] = []
      var attempts = 0
      while jpegs.count < 3, attempts < 60 {
        attempts += 1
        guard let buffer = try device.dequeue(timeoutMilliseconds: 5000) else { continue }
        let jpeg = [UInt8](device.bytes(of: buffer))
        try device.requeue(buffer)
        let clean = try? jpeg.withUnsafeBytes {
          try decoder.decode($0, minWidth: 128, minHeight: 96).warnings == 0
        }
        if clean == true { jpegs.append(jpeg) }
      }
      try device.close()
      #expect(jpegs.count == 3, "only \(jpegs.count) clean frames in \(attempts) dequeued")
      var converter = FrameConverter(stream: stream, preprocess: .gesture9)
      for jpeg in jpegs {
        let (w, h, expected) = try Reference.djpeg(jpeg, scale: 4)
        let info = try jpeg.withUnsafeBytes { try decoder.decode($0, minWidth: 128, minHeight: 96) }
        #expect(
          info.scaleDenominator == 4 && info.width == w && info.height == h && info.warnings == 0)
        #expect(Array(decoder.pixels[0..<(w * h)]) == expected)
        var viaReference = [UInt8](repeating: 0, count: 64 * 64)
        expected.withUnsafeBufferPointer { src in
          viaReference.withUnsafeMutableBufferPointer {
            Preprocess.gesture9.apply(src, format: FrameFormat(width: w, height: h), into: $0)
          }
        }
        var viaSource = [UInt8](repeating: 0, count: 64 * 64)
        let skip = jpeg.withUnsafeBytes { bytes in
          viaSource.withUnsafeMutableBufferPointer { converter.convert(bytes, into: $0) }
        }
        #expect(skip == nil && viaSource == viaReference)
      }
    }

    /// MJPEG frames through the whole source: sequence numbers increase (gaps counted: the
    /// decoder under emulation may be slower than the feed). v4l2loopback can hand out a buffer
    /// its writer is still overwriting when the reader is slow; such frames must be skipped
    /// with a reason, and most frames must still be good.
    @Test func capturesMJPEGWithCheckedSequenceNumbers() throws {
      var source = try V4L2Source(path: path)
      var pixels = [UInt8](repeating: 0, count: source.format.byteCount)
      var last: UInt64?
      var gaps: UInt64 = 0
      for _ in 0..<60 {
        let stamp = try #require(
          try pixels.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) })
        if let last {
          #expect(stamp.sequence > last)
          gaps += stamp.sequence - last - 1
        }
        last = stamp.sequence
      }
      print(
        "loopback: 60 frames, \(gaps) sequence gaps, \(source.skipped) skipped"
          + (source.lastSkip.map { ", last: \($0)" } ?? ""))
      #expect(source.delivered == 60 && source.skipped < 30)
      #expect((source.skipped == 0) == (source.lastSkip == nil))
      try source.close()
      #expect(V4L2Tests.descriptors(of: path) == 0)
    }

    /// 200 MJPEG frames decoded and preprocessed, measured in 10 windows of 20 frames in a child
    /// process: no window may grow the heap (a per-frame allocation that is kept would grow
    /// every one). A window may shrink when the test harness frees something of its own.
    @Test func noAllocationPerFrame() async {
      let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
        guard let path = V4L2Tests.loopback, var source = try? V4L2Source(path: path) else {
          exit(2)
        }
        var pixels = [UInt8](repeating: 0, count: source.format.byteCount)
        func frames(_ n: Int) -> Bool {
          for _ in 0..<n {
            guard
              (try? pixels.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) }) != nil
            else { return false }
          }
          return true
        }
        guard frames(20) else { exit(3) }
        var growth = [Int](repeating: 0, count: 10)
        for window in 0..<10 {
          let before = spikecam_heap_bytes_in_use()
          guard frames(20) else { exit(3) }
          growth[window] = Int(spikecam_heap_bytes_in_use()) - Int(before)
        }
        let skip = source.lastSkip.map { "; last skipped: \($0)" } ?? ""
        let verdict = growth.allSatisfy { $0 <= 0 } ? "none grew" : "GREW"
        let report =
          "heap growth per 20 MJPEG frames: \(growth) (\(verdict)), skipped \(source.skipped)\(skip)\n"
        _ = report.withCString { write(2, $0, strlen($0)) }
        exit(0)  // the parent checks the report
      }
      let report = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
      print(report, terminator: "")
      #expect(report.contains("(none grew)"), "\(report)")
    }
  }
}
