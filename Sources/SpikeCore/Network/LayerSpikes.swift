/// What a spiking network knows of its layers' spikes, the same integers in both twins: this
/// step's spikes per neuron, as flags and packed 64 to a word (what projections and learning
/// rules read), each neuron's spike count over the frame, and the per-neuron rewards R-STDP
/// applies. `SpikingNetwork` and its float twin keep one each: they differ only in the
/// arithmetic of their neurons, synapses and inhibition.
public struct LayerSpikes: Sendable {
  /// This step's spikes per layer and neuron (k-WTA writes them).
  public var now: [[Bool]]
  /// The same spikes packed 64 to a word (`pack`).
  public private(set) var words: [[UInt64]]
  /// Spikes per neuron of each layer over the current frame (0…T).
  public internal(set) var counts: [[Int32]]
  /// Reward per neuron of each layer for the current frame.
  public private(set) var rewards: [[Int32]]

  /// Silent layers of `description`'s sizes.
  public init(_ description: NetworkDescription) {
    now = description.layers.map { [Bool](repeating: false, count: $0.count) }
    words = description.layers.map { [UInt64](repeating: 0, count: ($0.count + 63) >> 6) }
    counts = description.layers.map { [Int32](repeating: 0, count: $0.count) }
    rewards = counts
  }

  /// Silences every layer between samples.
  public mutating func reset() {
    for l in now.indices {
      for j in now[l].indices {
        now[l][j] = false
        counts[l][j] = 0
      }
      for w in words[l].indices { words[l][w] = 0 }
    }
  }

  /// Starts a frame: counts from zero, and each layer's rewards from `reward` (its neurons form
  /// the layer's columns as populations).
  public mutating func startFrame(reward: Reward, _ description: NetworkDescription) {
    for l in counts.indices {
      for j in counts[l].indices { counts[l][j] = 0 }
      reward.fill(&rewards[l], columns: description.layers[l].columns)
    }
  }

  /// Counts layer `l`'s spikes of this step and packs them into its words.
  public mutating func pack(layer l: Int) {
    now[l].withUnsafeBufferPointer { s in
      counts[l].withUnsafeMutableBufferPointer { c in
        words[l].withUnsafeMutableBufferPointer { w in
          w.update(repeating: 0)
          for j in 0..<s.count where s[j] {
            c[j] += 1
            w[j >> 6] |= 1 << UInt64(j & 63)
          }
        }
      }
    }
  }

  /// Spikes of layer `l` this step.
  public func count(layer l: Int) -> Int {
    var n = 0
    for word in words[l] { n += word.nonzeroBitCount }
    return n
  }

  /// The spike words projection `p` reads at step `t`, and where its plane starts: the input's
  /// plane `t`, or its source layer's spikes of this step.
  public func words(feeding p: ProjectionDescription, input: SpikePlanes, step t: Int)
    -> (words: [UInt64], offset: Int)
  {
    switch p.source {
    case .input: return (input.words, t * input.wordsPerPlane)
    case .layer(let l): return (words[l], 0)
    }
  }

  /// The class the network reads out (`NetworkDescription.readoutLayer`): the population with
  /// the most spikes this frame, nil without a readout layer.
  public func readout(_ description: NetworkDescription) -> Int? {
    description.readoutLayer.map {
      Readout.population(counts: counts[$0], columns: description.layers[$0].columns)
    }
  }
}
