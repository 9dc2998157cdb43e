import SpikeCore
import SpikeModel
import SpikeReference

/// `spikecam-bench attention`: the int8 head (K=16 windows of the 400 spike counts, d=64,
/// 4 heads, one block, 5 classes) on seeded count windows, with int8 and with 12-bit
/// activations, against its float twin. Weights are random (TFLM's scrambled-model habit):
/// this measures speed; the tests measure accuracy.
enum AttentionWorkload {
  static let config = AttentionConfig(
    tokens: 16, features: 400, width: 64, heads: 4, hidden: 128, classes: 5)

  /// Checks `--iterations` and runs the workload.
  static func main(_ o: BenchOptions) -> Int32 {
    guard let iterations = o.integers["iterations"], iterations >= 4 else {
      return o.refuse("--iterations must be at least 4")
    }
    return run(json: o.json, iterations: iterations)
  }

  /// Runs the workload and prints a table (or one JSON object); returns the exit code.
  static func run(json: Bool, iterations: Int = 2_000) -> Int32 {
    let parameters = FloatAttentionParameters(randomFor: config, seed: 1)
    var float = FloatAttentionHead(config: config, parameters: parameters)
    var rng = SplitMix64(seed: 2)
    let windows = (0..<64).map { _ in
      (0..<(config.tokens * config.features)).map { _ in Float(rng.below(8)) }
    }
    let ranges = AttentionCalibrator().calibrate(float, windows: windows)
    var wideRanges = ranges
    wideRanges.activationBits = ActivationWidth.int12.bits
    guard
      let model = try? AttentionQuantizer.quantize(
        config: config, parameters: parameters, ranges: ranges),
      let wide = try? AttentionQuantizer.quantize(
        config: config, parameters: parameters, ranges: wideRanges)
    else {
      print("Error: quantization of the bench model failed")
      return 1
    }
    var head = model.makeHead()
    var wideHead = wide.makeHead()
    var inputs = [[Int8]](repeating: [], count: windows.count)
    for i in windows.indices {
      inputs[i] = [Int8](repeating: 0, count: windows[i].count)
      model.quantizeInput(windows[i], into: &inputs[i])
    }
    var sink = 0
    for i in 0..<100 { sink &+= head.classify(inputs[i % inputs.count]).classIndex }
    let clock = ContinuousClock()
    let cpu0 = BenchIO.cpuSeconds()
    let intTime = clock.measure {
      for i in 0..<iterations { sink &+= head.classify(inputs[i % inputs.count]).classIndex }
    }
    let intCPU = BenchIO.cpuSeconds() - cpu0
    for i in 0..<100 { sink &+= wideHead.classify(inputs[i % inputs.count]).classIndex }
    let wideTime = clock.measure {
      for i in 0..<iterations { sink &+= wideHead.classify(inputs[i % inputs.count]).classIndex }
    }
    let floatTime = clock.measure {
      for i in 0..<(iterations / 4) {
        sink &+= float.classify(windows[i % windows.count]).classIndex
      }
    }
    let intNs = nanoseconds(intTime) / Double(iterations)
    let wideNs = nanoseconds(wideTime) / Double(iterations)
    let floatNs = nanoseconds(floatTime) / Double(iterations / 4)
    let c = config
    let macs =
      c.tokens * (c.features * c.width + 4 * c.width * c.width + 2 * c.width * c.hidden)
      + 2 * c.tokens * c.tokens * c.width + c.width * c.classes
    let rss = BenchIO.fixed(BenchIO.peakRSSMiB(), 1)
    if json {
      print(
        "{\"workload\":\"attention\",\"tokens\":\(c.tokens),\"features\":\(c.features),"
          + "\"width\":\(c.width),\"heads\":\(c.heads),\"iterations\":\(iterations),"
          + "\"int8_us_per_window\":\(BenchIO.fixed(intNs / 1000, 3)),"
          + "\"int8_windows_per_s\":\(BenchIO.fixed(1e9 / intNs, 1)),"
          + "\"int8_windows_per_cpu_s\":\(BenchIO.fixed(Double(iterations) / intCPU, 1)),"
          + "\"a12_us_per_window\":\(BenchIO.fixed(wideNs / 1000, 3)),"
          + "\"a12_windows_per_s\":\(BenchIO.fixed(1e9 / wideNs, 1)),"
          + "\"float_us_per_window\":\(BenchIO.fixed(floatNs / 1000, 3)),"
          + "\"macs_per_window\":\(macs),\"peak_rss_mib\":\(rss),\"sink\":\(sink)}"
      )
    } else {
      print(
        "attention  K=\(c.tokens) F=\(c.features) d=\(c.width) heads=\(c.heads) hidden=\(c.hidden)")
      print(
        "  int8 head   \(BenchIO.fixed(intNs / 1000, 2)) µs/window  "
          + "(\(BenchIO.fixed(Double(macs) / intNs * 1000, 0)) MMAC/s)")
      print(
        "  12-bit acts \(BenchIO.fixed(wideNs / 1000, 2)) µs/window  "
          + "(\(BenchIO.fixed(Double(macs) / wideNs * 1000, 0)) MMAC/s)")
      print("  float twin  \(BenchIO.fixed(floatNs / 1000, 2)) µs/window")
      print("  MACs/window \(macs)   (sink \(sink))")
      print("  windows/s   \(BenchIO.fixed(1e9 / intNs, 1)) (int8, wall)")
      print("  peak RSS    \(rss) MiB")
    }
    return 0
  }

  static func nanoseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
  }
}
