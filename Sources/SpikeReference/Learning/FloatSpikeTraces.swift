public import SpikeCore

/// Float twin of `SpikeTraces`: exact exponential decay, no rounding, same update rules.
public struct FloatSpikeTraces: Sendable, Equatable {
  /// Pre-synaptic traces.
  public internal(set) var pre: [Float]
  /// Post-synaptic traces.
  public internal(set) var post: [Float]
  /// Kernel and update settings (the integer description, read as real numbers).
  public let parameters: STDPParameters

  /// Creates silent traces.
  public init(preCount: Int, postCount: Int, parameters: STDPParameters) {
    pre = [Float](repeating: 0, count: preCount)
    post = [Float](repeating: 0, count: postCount)
    self.parameters = parameters
  }

  /// Clears every trace.
  public mutating func reset() {
    for j in pre.indices { pre[j] = 0 }
    for i in post.indices { post[i] = 0 }
  }

  /// The multiplier a trace contributes: the trace, or 1 inside the flat window.
  @inlinable
  public func factor(_ x: Float) -> Float {
    if case .flat = parameters.kernel { return x > 0 ? 1 : 0 }
    return x
  }

  /// Decays all traces by one step.
  public mutating func decay() {
    if case .flat = parameters.kernel {
      for j in pre.indices where pre[j] > 0 { pre[j] -= 1 }
      for i in post.indices where post[i] > 0 { post[i] -= 1 }
      return
    }
    let keepPre = 1 - Float(parameters.preDecay) / 4096
    let keepPost = 1 - Float(parameters.postDecay) / 4096
    for j in pre.indices { pre[j] *= keepPre }
    for i in post.indices { post[i] *= keepPost }
  }

  @inlinable
  func bumped(_ x: Float) -> Float {
    switch parameters.kernel {
    case .flat(let window): return Float(window)
    case .exponential:
      switch parameters.update {
      case .nearest(let maximum): return Float(maximum)
      case .additive(let increment): return min(x + Float(increment), 255)
      }
    }
  }

  /// Records this step's pre spikes (set bits of one plane) and post spikes.
  public mutating func record(preWords: [UInt64], offset: Int, post spikes: [Bool]) {
    SpikeBits.forEach(in: preWords, offset: offset, count: pre.count) { pre[$0] = bumped(pre[$0]) }
    for i in post.indices where spikes[i] { post[i] = bumped(post[i]) }
  }
}
