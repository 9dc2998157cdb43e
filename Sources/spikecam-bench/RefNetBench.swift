import SpikeCore

/// RefNet-v1 (research/perf.md §2): 32×32 hash video → 1024 hash-Bernoulli inputs → 400 LIF
/// (int16 v, leak 1/8, threshold 24000, same-step lateral inhibition), optional pair STDP.
/// The synaptic accumulation and the clamped row/column weight updates are SpikeCore's
/// `SynapseMatrix` kernels; the neuron and trace arithmetic follow the spec's own integer
/// formulas (they differ from SpikeCore's LIF: int16, floor shift, `>=`, same-step delivery).
/// The check values `fnv1a_features` and `weight_sum` must equal the spec's table.
enum RefNetBench {
  static let inputs = 1024
  static let neurons = 400
  static let steps = 16

  static func run(_ arguments: [String]) -> Int32 {
    let usage = "Usage: spikecam-bench refnet --mode infer|train --frames N --warmup W [--json]\n"
    if arguments.contains("-h") || arguments.contains("--help") {
      print(usage, terminator: "")
      return 0
    }
    guard
      let o = BenchIO.options(
        arguments, integers: ["frames": 200, "warmup": 10], flags: ["json"],
        strings: ["mode": "infer"])
    else {
      BenchIO.err(usage)
      return 64
    }
    let mode = o.strings["mode"] ?? "infer"
    if mode != "infer" && mode != "train" {
      BenchIO.err("Error: --mode must be infer or train, got '\(mode)'\n" + usage)
      return 64
    }
    var state = RefNetState()
    let frames = o.integers["frames"] ?? 200
    let warmup = o.integers["warmup"] ?? 10
    var wall0 = BenchIO.wallSeconds()
    var cpu0 = BenchIO.cpuSeconds()
    var inSpikes = 0
    var excSpikes = 0
    for f in 0..<(warmup + frames) {
      if f == warmup {
        wall0 = BenchIO.wallSeconds()
        cpu0 = BenchIO.cpuSeconds()
        inSpikes = 0
        excSpikes = 0
      }
      let (i, e) = state.frame(UInt32(f), learn: mode == "train")
      inSpikes += i
      excSpikes += e
    }
    let wall = BenchIO.wallSeconds() - wall0
    let cpu = BenchIO.cpuSeconds() - cpu0
    let n = Double(max(1, frames))
    let events = Double(inSpikes * neurons + excSpikes * (neurons - 1))
    var hex = String(state.fnv, radix: 16)
    hex = String(repeating: "0", count: 8 - hex.count) + hex
    let fields: [(String, String)] = [
      ("peer", "\"spikecam\""), ("mode", "\"\(mode)\""), ("frames", "\(frames)"),
      ("warmup", "\(warmup)"), ("seconds", BenchIO.fixed(wall, 4)),
      ("fps", BenchIO.fixed(n / wall, 1)), ("fps_cpu", BenchIO.fixed(n / cpu, 1)),
      ("in_spikes_per_frame", BenchIO.fixed(Double(inSpikes) / n, 2)),
      ("exc_spikes_per_frame", BenchIO.fixed(Double(excSpikes) / n, 2)),
      ("syn_events_per_s", BenchIO.fixed(events / wall, 0)),
      ("ns_per_syn_event", BenchIO.fixed(wall * 1e9 / events, 3)),
      ("peak_rss_mib", BenchIO.fixed(BenchIO.peakRSSMiB(), 1)),
      ("fnv1a_features", "\"\(hex)\""), ("weight_sum", "\(state.weightSum())"),
    ]
    BenchReport.print(fields, json: o.flags.contains("json"))
    return 0
  }
}

/// The whole RefNet-v1 state; every buffer is allocated once.
struct RefNetState {
  let n = RefNetBench.neurons
  var synapses: SynapseMatrix
  var partial: [Int16]
  var current: [Int32]
  var v: [Int16]
  var spikes: [Bool]
  var counts: [UInt8]
  var xPre: [UInt8]
  var xPost: [UInt8]
  var rowDelta: [Int8]
  var columnDelta: [Int8]
  var threshold: [UInt8]
  var flags: [UInt8]
  var plane: [UInt64]
  var fnv: UInt32 = 0x811C_9DC5

  init() {
    var w = [Int8](repeating: 0, count: RefNetBench.inputs * RefNetBench.neurons)
    for k in w.indices {
      w[k] = Int8(lowbias32(UInt32(k) ^ 0x3C6E_F372) >> 26)
    }
    synapses = SynapseMatrix(
      preCount: RefNetBench.inputs, postCount: RefNetBench.neurons, weights: w, connected: [],
      minimum: 0, maximum: 127)
    partial = [Int16](repeating: 0, count: RefNetBench.neurons)
    current = [Int32](repeating: 0, count: RefNetBench.neurons)
    v = [Int16](repeating: 0, count: RefNetBench.neurons)
    spikes = [Bool](repeating: false, count: RefNetBench.neurons)
    counts = [UInt8](repeating: 0, count: RefNetBench.neurons)
    xPre = [UInt8](repeating: 0, count: RefNetBench.inputs)
    xPost = [UInt8](repeating: 0, count: RefNetBench.neurons)
    rowDelta = [Int8](repeating: 0, count: RefNetBench.neurons)
    columnDelta = [Int8](repeating: 0, count: RefNetBench.inputs)
    threshold = [UInt8](repeating: 0, count: RefNetBench.inputs)
    flags = [UInt8](repeating: 0, count: RefNetBench.inputs)
    plane = [UInt64](repeating: 0, count: RefNetBench.inputs / 64)
  }

  func weightSum() -> Int {
    var sum = 0
    for w in synapses.weights { sum += Int(w) }
    return sum
  }

  /// One frame: encoder + 16 steps (+ STDP); returns (input spikes, excitatory spikes).
  mutating func frame(_ f: UInt32, learn: Bool) -> (Int, Int) {
    for p in 0..<RefNetBench.inputs {
      let pixel = lowbias32((f &* 1024 &+ UInt32(p)) ^ 0x9E37_79B9) >> 24
      threshold[p] = UInt8(pixel >> 2)
    }
    for j in 0..<n { counts[j] = 0 }
    var inTotal = 0
    var excTotal = 0
    for t in 0..<UInt32(RefNetBench.steps) {
      inTotal += encode(step: (f &* 16 &+ t) &* 1024)
      excTotal += step(learn: learn)
    }
    for j in 0..<n {
      // FNV-1a-32 over the frame's count bytes; wraps by design (a hash).
      fnv = (fnv ^ UInt32(counts[j])) &* 0x0100_0193
    }
    return (inTotal, excTotal)
  }

  /// Input spikes of one step into `plane`; returns their number. Sixteen hashes at a time
  /// in SIMD lanes; each lane's comparison becomes one bit of the plane word.
  mutating func encode(step base: UInt32) -> Int {
    let lanes = SIMD16<UInt32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    let bitValues = SIMD16<UInt32>(
      1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)
    var total = 0
    threshold.withUnsafeBufferPointer { th in
      plane.withUnsafeMutableBufferPointer { words in
        for w in 0..<words.count {
          var word: UInt64 = 0
          for q in 0..<4 {
            let first = w << 6 | q << 4
            var x = SIMD16<UInt32>(repeating: base &+ UInt32(first)) &+ lanes
            x ^= SIMD16<UInt32>(repeating: 0xE2C4_A7F1)
            x ^= x &>> 16
            x &*= 0x7feb_352d
            x ^= x &>> 15
            x &*= 0x846c_a68b
            x ^= x &>> 16
            var limit = SIMD16<UInt32>(repeating: 0)
            for k in 0..<16 { limit[k] = UInt32(th[first + k]) }
            let fired = SIMD16<UInt32>(repeating: 0).replacing(
              with: bitValues, where: x &>> 24 .< limit)
            word |= UInt64(fired.wrappedSum()) << UInt64(q << 4)
          }
          words[w] = word
          total += word.nonzeroBitCount
        }
      }
    }
    return total
  }

  /// Steps 1–4 of the spec (and STDP); returns the number of excitatory spikes.
  mutating func step(learn: Bool) -> Int {
    current.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    _ = synapses.accumulate(words: plane, offset: 0, partial: &partial) { sums in
      sums.withUnsafeBufferPointer { s in
        current.withUnsafeMutableBufferPointer { c in
          for j in 0..<s.count { c[j] &+= Int32(s[j]) }  // wraps by design: never, ≤ 1024·127
        }
      }
    }
    var fired = 0
    current.withUnsafeBufferPointer { cur in
      v.withUnsafeMutableBufferPointer { vv in
        spikes.withUnsafeMutableBufferPointer { s in
          counts.withUnsafeMutableBufferPointer { c in
            guard let cp = cur.baseAddress, let vp = vv.baseAddress, let cnt = c.baseAddress,
              let sp = s.baseAddress
            else { return }
            // Sixteen neurons per SIMD vector (400 = 25 × 16); the arithmetic is the spec's.
            var total = SIMD16<Int32>(repeating: 0)
            for base in stride(from: 0, to: cur.count, by: 16) {
              let old = SIMD16<Int32>(
                truncatingIfNeeded: UnsafeRawPointer(vp + base).loadUnaligned(
                  as: SIMD16<Int16>.self))
              let input = UnsafeRawPointer(cp + base).loadUnaligned(as: SIMD16<Int32>.self)
              // v − (v >> 3) (arithmetic shift) + I, saturated to int16; wraps by design:
              // never, |v| ≤ 2¹⁵ and I ≤ 1024 · 127.
              var x = old &- (old &>> 3) &+ input
              x = x.clamped(
                lowerBound: SIMD16(repeating: -32768), upperBound: SIMD16(repeating: 32767))
              let spike = x .>= SIMD16(repeating: 24000)
              x.replace(with: 0, where: spike)
              let one = SIMD16<Int32>(repeating: 0).replacing(with: 1, where: spike)
              total &+= one
              UnsafeMutableRawPointer(vp + base).storeBytes(
                of: SIMD16<Int16>(truncatingIfNeeded: x), as: SIMD16<Int16>.self)
              let counted =
                SIMD16<UInt8>(
                  truncatingIfNeeded: UnsafeRawPointer(cnt + base).loadUnaligned(
                    as: SIMD16<UInt8>.self))
                &+ SIMD16<UInt8>(truncatingIfNeeded: one)  // at most 16 per frame
              UnsafeMutableRawPointer(cnt + base).storeBytes(of: counted, as: SIMD16<UInt8>.self)
              // A Bool is one byte holding 0 or 1: store the 16 flags at once.
              UnsafeMutableRawPointer(sp + base).storeBytes(
                of: SIMD16<UInt8>(truncatingIfNeeded: one), as: SIMD16<UInt8>.self)
            }
            fired = Int(total.wrappedSum())
            if fired > 0 {
              let n = SIMD16<Int32>(repeating: Int32(fired))
              for base in stride(from: 0, to: cur.count, by: 16) {
                let old = SIMD16<Int32>(
                  truncatingIfNeeded: UnsafeRawPointer(vp + base).loadUnaligned(
                    as: SIMD16<Int16>.self))
                let own = SIMD16<Int32>(
                  truncatingIfNeeded: UnsafeRawPointer(sp + base).loadUnaligned(
                    as: SIMD16<UInt8>.self))
                // wraps by design: never, 8000 · 400 + 2¹⁵ < 2³¹.
                let x = pointwiseMax(old &- 8000 &* (n &- own), SIMD16(repeating: -16000))
                UnsafeMutableRawPointer(vp + base).storeBytes(
                  of: SIMD16<Int16>(truncatingIfNeeded: x), as: SIMD16<Int16>.self)
              }
            }
          }
        }
      }
    }
    if learn { stdp() }
    return fired
  }

  /// The spec's pair STDP, through SpikeCore's clamped row and column updates.
  mutating func stdp() {
    for i in 0..<xPre.count { xPre[i] = UInt8((3 * UInt16(xPre[i])) >> 2) }
    var anyPost = false
    for j in 0..<n {
      xPost[j] = UInt8((3 * UInt16(xPost[j])) >> 2)
      rowDelta[j] = -Int8(xPost[j] >> 5)
      if xPost[j] >= 32 { anyPost = true }
    }
    for w in 0..<plane.count {
      var bits = plane[w]
      while bits != 0 {
        let i = w << 6 | bits.trailingZeroBitCount
        bits &= bits &- 1
        xPre[i] = min(xPre[i] + 64, 127)
        // LTD with the post traces before this step's post spikes; all-zero deltas skipped.
        if anyPost { synapses.addToRow(i, deltas: rowDelta) }
      }
    }
    var anyFired = false
    for j in 0..<n where spikes[j] {
      xPost[j] = min(xPost[j] + 64, 127)
      anyFired = true
    }
    if !anyFired { return }
    for i in 0..<xPre.count { columnDelta[i] = Int8(xPre[i] >> 4) }
    for j in 0..<n where spikes[j] { synapses.addToColumn(j, deltas: columnDelta) }
  }
}
