import SpikeCapture

#if canImport(Glibc)
  import Glibc
#endif

/// `spikecam-bench capture [--jpeg FILE] [--frames N] [--json]`: the camera path per frame, from
/// captured bytes to the 64×64 network input, and one frame-ring push + pop. The default frame
/// is a 640×480 grayscale JPEG (quality 85) made in-process; pass a webcam's frame with --jpeg.
enum CaptureWorkload {
  static func main(_ o: BenchOptions) -> Int32 {
    guard let frames = o.integers["frames"], frames > 0 else {
      return o.refuse("--frames takes a positive number")
    }
    let jpegPath = o.strings["jpeg"].flatMap { $0.isEmpty ? nil : $0 }
    let json = o.json
    let width = 640
    let height = 480
    var jpeg: [UInt8]
    if let jpegPath {
      guard let bytes = readFile(jpegPath) else { return o.refuse("cannot read \(jpegPath)") }
      jpeg = bytes
    } else {
      let pixels = (0..<(width * height)).map {
        UInt8(truncatingIfNeeded: ($0 % width) ^ ($0 / width) &* 3)
      }
      guard let encoded = try? encodeGrayJPEG(pixels, width: width, height: height, quality: 85)
      else { return 1 }
      jpeg = encoded
    }
    let yuyv = [UInt8](repeating: 0x80, count: width * height * 2)
    var out = [UInt8](repeating: 0, count: 64 * 64)
    var mjpeg = FrameConverter(
      stream: StreamFormat(pixelFormat: .mjpeg, width: width, height: height), preprocess: .gesture9
    )
    var raw = FrameConverter(
      stream: StreamFormat(
        pixelFormat: .yuyv, width: width, height: height, bytesPerLine: width * 2),
      preprocess: .gesture9)
    let mjpegMicros = time(frames) {
      _ = jpeg.withUnsafeBytes { bytes in
        out.withUnsafeMutableBufferPointer { mjpeg.convert(bytes, into: $0) }
      }
    }
    let yuyvMicros = time(frames) {
      _ = yuyv.withUnsafeBytes { bytes in
        out.withUnsafeMutableBufferPointer { raw.convert(bytes, into: $0) }
      }
    }
    let ring = FrameRing(capacity: 8, format: FrameFormat(width: 64, height: 64))
    var sequence: UInt64 = 0
    let ringMicros = time(frames * 10) {
      sequence += 1
      out.withUnsafeBufferPointer {
        _ = ring.push($0, stamp: FrameStamp(sequence: sequence, captureNanos: 0))
      }
      _ = out.withUnsafeMutableBufferPointer { ring.pop(into: $0) }
    }
    let rows: [(String, Double)] = [
      ("mjpeg_640x480_to_64x64_us", mjpegMicros), ("yuyv_640x480_to_64x64_us", yuyvMicros),
      ("ring_push_pop_64x64_us", ringMicros),
    ]
    if json {
      print(
        "{\"workload\":\"capture\",\"frames\":\(frames),\"jpeg_bytes\":\(jpeg.count),"
          + rows.map { "\"\($0.0)\":\(format($0.1))" }.joined(separator: ",") + "}")
    } else {
      print("capture: \(frames) frames, JPEG of \(jpeg.count) bytes")
      for (name, value) in rows { print("  \(name)".padding(32) + format(value)) }
    }
    return 0
  }

  static func time(_ count: Int, _ body: () -> Void) -> Double {
    for _ in 0..<min(count, 50) { body() }  // warm up
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    for _ in 0..<count { body() }
    clock_gettime(CLOCK_MONOTONIC, &end)
    let nanos = Double(end.tv_sec - start.tv_sec) * 1e9 + Double(end.tv_nsec - start.tv_nsec)
    return nanos / Double(count) / 1000
  }

  static func format(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    return "\(hundredths / 100).\(String(hundredths % 100 + 100).dropFirst())"
  }

  static func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = read(fd, &chunk, chunk.count)
      if count < 0 { return nil }
      if count == 0 { return bytes }
      bytes += chunk[0..<count]
    }
  }

}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
