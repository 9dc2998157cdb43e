/// Spikes of `count` channels over `timesteps` steps, one bit-plane per step, packed 64 channels
/// to a `UInt64` word (docs/ARCHITECTURE.md, "Number formats"). Channel `i` at step `t` is
/// bit `i % 64` of word `t · wordsPerPlane + i / 64`; bits past `count` in the last word stay
/// zero.
///
/// Allocated once; `clear()` and the setters never allocate, so a network can reuse one value
/// for every frame.
public struct SpikePlanes: Sendable, Equatable {
  /// Number of channels (inputs or neurons).
  public let count: Int
  /// Number of steps (planes).
  public let timesteps: Int
  /// Words per plane, `⌈count / 64⌉`.
  public let wordsPerPlane: Int
  /// All planes, plane after plane.
  public var words: [UInt64]

  /// Creates silent planes.
  public init(count: Int, timesteps: Int) {
    precondition(count >= 0 && timesteps >= 0, "negative spike plane size")
    (self.count, self.timesteps) = (count, timesteps)
    wordsPerPlane = (count + 63) / 64
    words = [UInt64](repeating: 0, count: wordsPerPlane * timesteps)
  }

  /// Whether channel `channel` spikes at step `step`.
  @inlinable
  public func isSet(step: Int, channel: Int) -> Bool {
    precondition(channel >= 0 && channel < count && step >= 0 && step < timesteps)
    return (words[step * wordsPerPlane + channel >> 6] >> UInt64(channel & 63)) & 1 == 1
  }

  /// Marks a spike of `channel` at `step`.
  @inlinable
  public mutating func set(step: Int, channel: Int) {
    precondition(channel >= 0 && channel < count && step >= 0 && step < timesteps)
    words[step * wordsPerPlane + channel >> 6] |= 1 << UInt64(channel & 63)
  }

  /// Silences every channel at every step.
  public mutating func clear() {
    for index in words.indices { words[index] = 0 }
  }

  /// Number of spikes at one step.
  public func spikeCount(step: Int) -> Int {
    var total = 0
    for w in 0..<wordsPerPlane { total += words[step * wordsPerPlane + w].nonzeroBitCount }
    return total
  }

  /// Number of spikes over all steps.
  public var totalSpikes: Int {
    var total = 0
    for word in words { total += word.nonzeroBitCount }
    return total
  }
}
