/// Pre- and post-synaptic 8-bit traces of one projection, with their decay and spike update.
///
/// Per step the owner calls `decay()` first, then uses the traces (they then hold only earlier
/// spikes, so coincident spikes pair with lag 0 → no change), then `record` this step's spikes.
/// - Format: `UInt8`, 0…255; exponential decay with stochastic rounding (unbiased; offsets from
///   `lowbias32` keyed by one `rng` draw per decay), or a countdown for the flat kernel.
public struct SpikeTraces: Sendable, Equatable {
  /// Pre-synaptic traces, one per input.
  public internal(set) var pre: [UInt8]
  /// Post-synaptic traces, one per target neuron.
  public internal(set) var post: [UInt8]
  /// Kernel and update settings.
  public let parameters: STDPParameters
  /// Random stream for the decays' stochastic rounding.
  public var rng: Xorshift32

  /// Creates silent traces.
  public init(preCount: Int, postCount: Int, parameters: STDPParameters, seed: UInt32) {
    pre = [UInt8](repeating: 0, count: preCount)
    post = [UInt8](repeating: 0, count: postCount)
    self.parameters = parameters
    rng = Xorshift32(seed: seed)
  }

  /// Clears every trace (the random stream continues).
  public mutating func reset() {
    for j in pre.indices { pre[j] = 0 }
    for i in post.indices { post[i] = 0 }
  }

  /// The multiplier a trace contributes to an update: the trace itself, or 1 inside the flat
  /// window.
  @inlinable
  public func factor(_ x: UInt8) -> Int32 {
    if case .flat = parameters.kernel { return x > 0 ? 1 : 0 }
    return Int32(x)
  }

  /// Decays all traces by one step.
  public mutating func decay() {
    if case .flat = parameters.kernel {
      for j in pre.indices where pre[j] > 0 { pre[j] -= 1 }
      for i in post.indices where post[i] > 0 { post[i] -= 1 }
      return
    }
    decayAll(&pre, keep: UInt32(4096 - parameters.preDecay), key: rng.next())
    decayAll(&post, keep: UInt32(4096 - parameters.postDecay), key: rng.next())
  }

  /// `x ← (x · keep + r) >> 12` with `r = lowbias32(key + j) & 4095`: stochastic rounding
  /// with one counter-hash draw per trace, branch-free so it vectorises (0 stays 0: r < 4096).
  func decayAll(_ traces: inout [UInt8], keep: UInt32, key: UInt32) {
    traces.withUnsafeMutableBufferPointer { x in
      for j in 0..<x.count {
        let r = lowbias32(key &+ UInt32(truncatingIfNeeded: j)) & 4095
        // wraps by design: never, 255 · 4096 + 4095 < 2³².
        x[j] = UInt8(truncatingIfNeeded: (UInt32(x[j]) &* keep &+ r) >> 12)
      }
    }
  }

  @inlinable
  func bumped(_ x: UInt8) -> UInt8 {
    switch parameters.kernel {
    case .flat(let window): return window
    case .exponential:
      switch parameters.update {
      case .nearest(let maximum): return maximum
      case .additive(let increment):
        return x.addingReportingOverflow(increment).overflow
          ? 255 : x &+ increment
      }
    }
  }

  /// Records this step's pre spikes (set bits of one plane) and post spikes.
  public mutating func record(preWords: [UInt64], offset: Int, post spikes: [Bool]) {
    SpikeBits.forEach(in: preWords, offset: offset, count: pre.count) { pre[$0] = bumped(pre[$0]) }
    for i in post.indices where spikes[i] { post[i] = bumped(post[i]) }
  }
}
