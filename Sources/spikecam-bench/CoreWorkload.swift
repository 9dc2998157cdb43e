import SpikeCore

/// `core-infer` / `core-train`: the reference network of issue 3 built from SpikeCore's layers:
/// a 32×32 frame → 1024 Bernoulli inputs, T = 16, 400 LIF neurons (one column, lateral
/// inhibition), all-to-all, STDP off or on.
enum CoreWorkload {
  static func infer(_ o: BenchOptions) -> Int32 { run(o, learn: false) }
  static func train(_ o: BenchOptions) -> Int32 { run(o, learn: true) }

  static func run(_ o: BenchOptions, learn: Bool) -> Int32 {
    let frames = max(1, o.integers["frames"] ?? 1)
    let warmup = o.integers["warmup"] ?? 0
    let description = NetworkDescription.corticalColumns(
      width: 32, height: 32, columns: 1, perColumn: 400, winners: 0, seed: 1)
    var net: SpikingNetwork
    do {
      net = try SpikingNetwork(description: description)
    } catch {
      BenchIO.err("Error: \(error)\n")
      return 1
    }
    // A fixed synthetic video: per-pixel rates (pixel >> 2)/256, as RefNet-v1 uses.
    var rng = Xorshift32(seed: 0xC0FFEE)
    var planes = SpikePlanes(count: 1024, timesteps: 16)
    var rates = [UInt8](repeating: 0, count: 1024)
    var inputSpikes = 0
    var excSpikes = 0
    var events = 0
    var wallStart = 0.0
    var cpuStart = 0.0
    var encodeSeconds = 0.0
    // FNV-1a-32 over every frame's spike counts (warm-up included): a check value, so that a
    // faster kernel can be shown to do exactly the same work.
    var fnv: UInt32 = 0x811C_9DC5
    for f in 0..<(warmup + frames) {
      if f == warmup {
        inputSpikes = 0
        excSpikes = 0
        events = 0
        encodeSeconds = 0
        wallStart = BenchIO.wallSeconds()
        cpuStart = BenchIO.cpuSeconds()
      }
      let e0 = BenchIO.cpuSeconds()
      for i in 0..<1024 { rates[i] = rng.next8() >> 2 }
      encode(rates: rates, into: &planes, rng: &rng)
      encodeSeconds += BenchIO.cpuSeconds() - e0
      net.present(planes, learn: learn)
      inputSpikes += net.inputSpikes
      events += net.synapticEvents
      for c in net.counts[0] {
        excSpikes += Int(c)
        fnv = (fnv ^ UInt32(truncatingIfNeeded: c)) &* 0x0100_0193  // wraps by design: a hash
      }
    }
    let wall = BenchIO.wallSeconds() - wallStart
    let cpu = BenchIO.cpuSeconds() - cpuStart
    blackHole(net.counts)
    // Synaptic events as RefNet counts them: input spikes × 400 + exc spikes × 399
    // (the lateral inhibition); `events` holds the feed-forward part.
    let synaptic = Double(events + excSpikes * 399)
    let mode = learn ? "train" : "infer"
    let fields: [(String, String)] = [
      ("workload", "\"core-\(mode)\""), ("frames", "\(frames)"),
      ("seconds", BenchIO.fixed(wall, 4)),
      ("fps", BenchIO.fixed(Double(frames) / wall, 1)),
      ("fps_cpu", BenchIO.fixed(Double(frames) / cpu, 1)),
      // CPU time without the bench's own Bernoulli encoder: the network's rate alone.
      ("network_fps_cpu", BenchIO.fixed(Double(frames) / (cpu - encodeSeconds), 1)),
      ("in_spikes_per_frame", BenchIO.fixed(Double(inputSpikes) / Double(frames), 2)),
      ("exc_spikes_per_frame", BenchIO.fixed(Double(excSpikes) / Double(frames), 2)),
      ("syn_events_per_s", BenchIO.fixed(synaptic / wall, 0)),
      ("ns_per_syn_event", BenchIO.fixed(wall * 1e9 / synaptic, 3)),
      ("peak_rss_mib", BenchIO.fixed(BenchIO.peakRSSMiB(), 1)),
      ("fnv1a_counts", "\"\(hex8(fnv))\""),
      ("weight_sum", "\(net.weights(projection: 0).reduce(0) { $0 + Int($1) })"),
    ]
    BenchReport.print(fields, json: o.flags.contains("json"))
    return 0
  }

  /// Eight lower-case hex digits.
  static func hex8(_ x: UInt32) -> String {
    let h = String(x, radix: 16)
    return String(repeating: "0", count: 8 - h.count) + h
  }

  /// Bernoulli planes: input i fires at each step with probability rates[i] / 256.
  static func encode(rates: [UInt8], into planes: inout SpikePlanes, rng: inout Xorshift32) {
    let wpp = planes.wordsPerPlane
    let count = rates.count
    var stream = rng
    planes.words.withUnsafeMutableBufferPointer { words in
      rates.withUnsafeBufferPointer { p in
        for t in 0..<planes.timesteps {
          for w in 0..<wpp {
            var word: UInt64 = 0
            // Four 8-bit draws per 32-bit random number; branch-free (the comparisons are
            // coin flips, so a branch per input mispredicts half the time).
            for b4 in stride(from: 0, to: 64, by: 4) {
              let r = stream.next()
              for q in 0..<4 {
                let i = w << 6 | (b4 + q)
                let draw = UInt8(truncatingIfNeeded: r >> UInt32(8 * q))
                let fire: UInt64 = i < count && draw < p[min(i, count - 1)] ? 1 : 0
                word |= fire << UInt64(b4 + q)
              }
            }
            words[t * wpp + w] = word
          }
        }
      }
    }
    rng = stream
  }
}

/// Prints a workload's figures as an aligned table or one JSON object.
enum BenchReport {
  static func print(_ fields: [(String, String)], json: Bool) {
    if json {
      Swift.print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
    } else {
      for (k, v) in fields {
        let value = v.hasPrefix("\"") ? String(v.dropFirst().dropLast()) : v
        Swift.print(k + String(repeating: " ", count: max(1, 22 - k.count)) + value)
      }
    }
  }
}
