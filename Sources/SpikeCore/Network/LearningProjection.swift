/// A projection of either network twin (`Projection`, its float twin), as a network's frame
/// drives its learning: both twins run the same learning steps over their own arithmetic.
public protocol LearningProjection {
  /// What it connects and how it learns.
  var description: ProjectionDescription { get }
  /// Learns from one step's pre spikes (`words` from `offset`), post spikes and rewards.
  mutating func learn(words: [UInt64], offset: Int, post: [Bool], reward: [Int32])
  /// Rescales the weights at the end of a learning frame (rules that normalise).
  mutating func normalize()
}

extension Array where Element: LearningProjection {
  /// Step `t`'s learning: each projection flagged in `learning` sees its pre spikes (the
  /// input's plane or its source layer's spikes) and its target layer's spikes and rewards.
  public mutating func learn(
    from spikes: LayerSpikes, input: SpikePlanes, step t: Int, learning: [Bool]
  ) {
    for p in indices where learning[p] {
      let d = self[p].description
      let pre = spikes.words(feeding: d, input: input, step: t)
      self[p].learn(
        words: pre.words, offset: pre.offset, post: spikes.now[d.target],
        reward: spikes.rewards[d.target])
    }
  }

  /// The end of a learning frame: each projection flagged in `learning` normalises.
  public mutating func normalize(learning: [Bool]) {
    for p in indices where learning[p] { self[p].normalize() }
  }
}
