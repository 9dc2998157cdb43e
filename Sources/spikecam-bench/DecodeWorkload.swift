#if canImport(Glibc)
  import Glibc
#endif
import SpikeCapture

/// `spikecam-bench decode`: one MJPEG clip's frames (640×480 in the bundled sample) to the
/// network's luma input (32×32 by default), two ways: a full-size libjpeg decode then the
/// area-average downscale, and a DCT-scaled decode (the smallest of 1, 1/2, 1/4, 1/8 that
/// still covers the downscale) then the same downscale. The frames are read into memory first,
/// so this times decode + downscale only, not file access.
enum DecodeWorkload {
  static func main(_ o: BenchOptions) -> Int32 {
    let path = o.strings["clip"] ?? ""
    let size = o.integers["size"] ?? 32
    let frames = max(1, o.integers["frames"] ?? 1)
    if size < 8 || size > 256 { return o.refuse("--size must be 8…256, got \(size)") }
    guard let bytes = readFile(path) else {
      BenchIO.err(
        "Error: cannot read '\(path)'; run from the package root or pass --clip PATH\n")
      return 66
    }
    // The frames' places, found once: the benchmark times the decode, not the walk.
    let found = bytes.withUnsafeBytes { raw in
      Result { () throws(FormatRefusal) in try MJPEGFrames.all(in: raw) }
    }
    guard case .success(let ranges) = found else {
      if case .failure(let refusal) = found { BenchIO.err("Error: \(path): \(refusal.reason)\n") }
      return 65
    }
    let preprocess = Preprocess(
      output: FrameFormat(width: size, height: size), scaledHeight: size)
    // A small decoder reads the source size (at 1/8 scale, 1 MiB covers 8192×8192); the real
    // one holds exactly one full-size frame, so peak RSS is what a player needs.
    var probe = JPEGDecoder(capacity: 1 << 20)
    let first: DecodedFrameInfo
    do {
      first = try bytes.withUnsafeBytes { raw throws(DecodeError) in
        try probe.decode(UnsafeRawBufferPointer(rebasing: raw[ranges[0]]))
      }
    } catch {
      BenchIO.err("Error: first frame of '\(path)': \(error)\n")
      return 65
    }
    var decoder = JPEGDecoder(capacity: max(1, first.sourceWidth * first.sourceHeight))
    var out = [UInt8](repeating: 0, count: size * size)
    let source = FrameFormat(width: first.sourceWidth, height: first.sourceHeight)
    let scaled = preprocess.scaledFormat(for: source)
    let json = o.flags.contains("json")
    let modes: [(name: String, minimum: FrameFormat)] = [
      ("full", source), ("dct-scaled", scaled),
    ]
    for mode in modes {
      var fnv: UInt32 = 0x811C_9DC5
      var info = first
      var compressed = 0
      var failures = 0
      let wall0 = BenchIO.wallSeconds()
      let cpu0 = BenchIO.cpuSeconds()
      for f in 0..<frames {
        let range = ranges[f % ranges.count]
        compressed += range.count
        do {
          info = try bytes.withUnsafeBytes { raw throws(DecodeError) in
            try decoder.decode(
              UnsafeRawBufferPointer(rebasing: raw[range]), minWidth: mode.minimum.width,
              minHeight: mode.minimum.height)
          }
        } catch {
          failures += 1
          continue
        }
        let decoded = FrameFormat(width: info.width, height: info.height)
        decoder.pixels.withUnsafeBufferPointer { p in
          out.withUnsafeMutableBufferPointer { o in preprocess.apply(p, format: decoded, into: o) }
        }
        // FNV-1a over the first frame pass only: a check value for the output.
        if f < ranges.count {
          for b in out { fnv = (fnv ^ UInt32(b)) &* 0x0100_0193 }  // wraps by design: a hash
        }
      }
      let wall = BenchIO.wallSeconds() - wall0
      let cpu = BenchIO.cpuSeconds() - cpu0
      let fields: [(String, String)] = [
        ("workload", "\"decode\""), ("mode", "\"\(mode.name)\""), ("frames", "\(frames)"),
        ("source", "\"\(source.width)x\(source.height)\""),
        ("decoded", "\"\(info.width)x\(info.height)\""),
        ("scale", "\"1/\(info.scaleDenominator)\""), ("output", "\"\(size)x\(size)\""),
        ("jpeg_bytes_per_frame", "\(compressed / frames)"),
        ("seconds", BenchIO.fixed(wall, 4)),
        ("fps", BenchIO.fixed(Double(frames) / wall, 1)),
        ("fps_cpu", BenchIO.fixed(Double(frames) / cpu, 1)),
        ("us_per_frame_cpu", BenchIO.fixed(cpu * 1e6 / Double(frames), 1)),
        ("failed_frames", "\(failures)"),
        ("peak_rss_mib", BenchIO.fixed(BenchIO.peakRSSMiB(), 1)),
        ("fnv1a_output", "\"\(CoreWorkload.hex8(fnv))\""),
      ]
      BenchReport.print(fields, json: json)
      if !json && mode.name == "full" { print("") }
    }
    return 0
  }

  /// The whole file, or nil if it cannot be read.
  static func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      if n <= 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
      if bytes.count > 1 << 30 { return nil }
    }
    return ferror(file) == 0 ? bytes : nil
  }
}
