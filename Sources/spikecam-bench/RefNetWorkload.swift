import SpikeCore

/// RefNet-v1 (tools/bench-peers/REFNET.md): 32×32 hash video → 1024 hash-Bernoulli inputs → 400 LIF
/// (int16 v, leak 1/8, threshold 24000, same-step lateral inhibition), optional pair STDP.
/// The synaptic accumulation and the clamped row/column weight updates are SpikeCore's
/// `SynapseMatrix` kernels; the neuron and trace arithmetic follow the spec's own integer
/// formulas (they differ from SpikeCore's LIF: int16, floor shift, `>=`, same-step delivery).
/// The check values `fnv1a_features` and `weight_sum` must equal the spec's table.
enum RefNetWorkload {
  static let inputs = 1024
  static let neurons = 400
  static let steps = 16

  static func main(_ o: BenchOptions) -> Int32 {
    let mode = o.strings["mode"] ?? "infer"
    if mode != "infer" && mode != "train" {
      return o.refuse("--mode must be infer or train, got '\(mode)'")
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
  let n = RefNetWorkload.neurons
  // Neurons.
  var partial = [Int16](repeating: 0, count: RefNetWorkload.neurons)
  var current = [Int32](repeating: 0, count: RefNetWorkload.neurons)
  var v = [Int16](repeating: 0, count: RefNetWorkload.neurons)
  var spikes = [UInt8](repeating: 0, count: RefNetWorkload.neurons)
  var counts = [UInt8](repeating: 0, count: RefNetWorkload.neurons)
  // Synapses and their learning.
  var synapses: SynapseMatrix
  var xPre = [UInt8](repeating: 0, count: RefNetWorkload.inputs)
  var xPost = [UInt8](repeating: 0, count: RefNetWorkload.neurons)
  var rowDelta = [Int8](repeating: 0, count: RefNetWorkload.neurons)
  var columnDelta = [Int8](repeating: 0, count: RefNetWorkload.inputs)
  var postList = [Int32](repeating: 0, count: RefNetWorkload.neurons)
  // The checksum of the output, and the input events.
  var fnv: UInt32 = 0x811C_9DC5
  var threshold = [UInt8](repeating: 0, count: RefNetWorkload.inputs)
  var flags = [UInt8](repeating: 0, count: RefNetWorkload.inputs)
  var plane = [UInt64](repeating: 0, count: RefNetWorkload.inputs / 64)

  init() {
    var w = [Int8](repeating: 0, count: RefNetWorkload.inputs * RefNetWorkload.neurons)
    for k in w.indices {
      w[k] = Int8(lowbias32(UInt32(k) ^ 0x3C6E_F372) >> 26)
    }
    synapses = SynapseMatrix(
      preCount: RefNetWorkload.inputs, postCount: RefNetWorkload.neurons, weights: w, connected: [],
      minimum: 0, maximum: 127)
  }

  func weightSum() -> Int {
    var sum = 0
    for w in synapses.weights { sum += Int(w) }
    return sum
  }

  /// One frame: encoder + 16 steps (+ STDP); returns (input spikes, excitatory spikes).
  mutating func frame(_ f: UInt32, learn: Bool) -> (Int, Int) {
    for p in 0..<RefNetWorkload.inputs {
      let pixel = lowbias32((f &* 1024 &+ UInt32(p)) ^ 0x9E37_79B9) >> 24
      threshold[p] = UInt8(pixel >> 2)
    }
    for j in 0..<n { counts[j] = 0 }
    var inTotal = 0
    var excTotal = 0
    for t in 0..<UInt32(RefNetWorkload.steps) {
      inTotal += encode(step: (f &* 16 &+ t) &* 1024)
      excTotal += step(learn: learn)
    }
    for j in 0..<n {
      // FNV-1a-32 over the frame's count bytes; wraps by design (a hash).
      fnv = (fnv ^ UInt32(counts[j])) &* 0x0100_0193
    }
    return (inTotal, excTotal)
  }

  /// Input spikes of one step into `plane`; returns their number. The hash and compare run as
  /// one flat loop (one 0/1 byte per input, which LLVM vectorises), then each 8 flag bytes
  /// become 8 plane bits with one multiply: the bytes of `0x0102040810204080` move byte k's low
  /// bit to bit 56 + k without carries.
  mutating func encode(step base: UInt32) -> Int {
    var total = 0
    threshold.withUnsafeBufferPointer { th in
      flags.withUnsafeMutableBufferPointer { fl in
        plane.withUnsafeMutableBufferPointer { words in
          guard let t = th.baseAddress, let f = fl.baseAddress, let out = words.baseAddress
          else { return }
          for i in 0..<th.count {
            let h = lowbias32((base &+ UInt32(truncatingIfNeeded: i)) ^ 0xE2C4_A7F1)
            f[i] = h >> 24 < UInt32(t[i]) ? 1 : 0
          }
          let raw = UnsafeRawPointer(f)
          for w in 0..<words.count {
            var word: UInt64 = 0
            for g in 0..<8 {
              let bytes = raw.loadUnaligned(fromByteOffset: w << 6 | g << 3, as: UInt64.self)
              // wraps by design: the product's top byte is the packed bits.
              word |= ((bytes &* 0x0102_0408_1020_4080) >> 56) << UInt64(g << 3)
            }
            out[w] = word
            total += word.nonzeroBitCount
          }
        }
      }
    }
    return total
  }

  /// Steps 1–4 of the spec (and STDP); returns the number of excitatory spikes. The neuron
  /// loops are flat, branch-free loops over raw pointers, which LLVM vectorises at full width
  /// (the `SIMD16` forms left `clamped`/`pointwiseMax` as out-of-line calls).
  mutating func step(learn: Bool) -> Int {
    current.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    _ = synapses.accumulate(words: plane, offset: 0, partial: &partial) { sums in
      sums.withUnsafeBufferPointer { s in
        current.withUnsafeMutableBufferPointer { c in
          for j in 0..<s.count { c[j] &+= Int32(s[j]) }  // wraps by design: never, ≤ 1024·127
        }
      }
    }
    var fired: Int32 = 0
    current.withUnsafeBufferPointer { cur in
      v.withUnsafeMutableBufferPointer { vv in
        spikes.withUnsafeMutableBufferPointer { s in
          counts.withUnsafeMutableBufferPointer { c in
            guard let cp = cur.baseAddress, let vp = vv.baseAddress, let cnt = c.baseAddress,
              let sp = s.baseAddress
            else { return }
            let count = cur.count
            // A local sum: the captured `fired` lives in memory and would block vectorising.
            var total: Int32 = 0
            for j in 0..<count {
              let old = Int32(vp[j])
              // v − (v >> 3) (arithmetic shift) + I, saturated to int16; wraps by design:
              // never, |v| ≤ 2¹⁵ and I ≤ 1024 · 127. Selects and masks rather than min/max
              // and Bool: this form vectorises, the other stayed scalar.
              let y = old &- (old &>> 3) &+ cp[j]
              let x = y < -32768 ? -32768 : (y > 32767 ? 32767 : y)
              let spike: Int32 = x >= 24000 ? 1 : 0
              vp[j] = Int16(truncatingIfNeeded: x & (spike &- 1))  // reset to 0 on a spike
              sp[j] = UInt8(truncatingIfNeeded: spike)
              cnt[j] &+= UInt8(truncatingIfNeeded: spike)  // at most 16 per frame
              total &+= spike
            }
            fired = total
            if total > 0 {
              for j in 0..<count {
                // wraps by design: never, 8000 · 400 + 2¹⁵ < 2³¹.
                let x = Int32(vp[j]) &- 8000 &* (total &- Int32(sp[j]))
                vp[j] = Int16(truncatingIfNeeded: x < -16000 ? -16000 : x)
              }
            }
          }
        }
      }
    }
    if learn { stdp() }
    return Int(fired)
  }

  /// The spec's pair STDP, through SpikeCore's clamped row and column updates (one call per
  /// step for each: the LTD rows of all input spikes, the LTP columns of all post spikes).
  mutating func stdp() {
    var anyPost: UInt8 = 0
    xPre.withUnsafeMutableBufferPointer { x in
      for i in 0..<x.count { x[i] = UInt8(truncatingIfNeeded: (3 &* UInt16(x[i])) &>> 2) }
    }
    xPost.withUnsafeMutableBufferPointer { x in
      rowDelta.withUnsafeMutableBufferPointer { d in
        var any: UInt8 = 0
        for j in 0..<x.count {
          let decayed = UInt8(truncatingIfNeeded: (3 &* UInt16(x[j])) &>> 2)
          x[j] = decayed
          d[j] = 0 &- Int8(truncatingIfNeeded: decayed &>> 5)
          any |= decayed &>> 5
        }
        anyPost = any
      }
    }
    xPre.withUnsafeMutableBufferPointer { x in
      for w in 0..<plane.count {
        var bits = plane[w]
        while bits != 0 {
          let i = w << 6 | bits.trailingZeroBitCount
          bits &= bits &- 1
          x[i] = min(x[i] &+ 64, 127)
        }
      }
    }
    // LTD with the post traces before this step's post spikes; all-zero deltas skipped.
    if anyPost != 0 { synapses.addToRows(words: plane, offset: 0, deltas: rowDelta) }
    var fired = 0
    for j in 0..<n where spikes[j] != 0 {
      xPost[j] = min(xPost[j] + 64, 127)
      postList[fired] = Int32(j)
      fired += 1
    }
    if fired == 0 { return }
    xPre.withUnsafeBufferPointer { x in
      columnDelta.withUnsafeMutableBufferPointer { d in
        for i in 0..<x.count { d[i] = Int8(truncatingIfNeeded: x[i] &>> 4) }
      }
    }
    synapses.addToColumns(postList, count: fired, deltas: columnDelta)
  }
}
