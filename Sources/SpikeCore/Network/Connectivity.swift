/// Builds the synapse layout and initial weights from a `ConnectionScheme` (setup only).
public enum Connectivity {
  /// Number of receptive-field columns a scheme tiles, or nil for non-local schemes.
  static func fieldGrid(_ scheme: ConnectionScheme) -> (columns: Int, rows: Int)? {
    guard case .receptiveFields(let width, let height, _, let patch, let stride) = scheme else {
      return nil
    }
    if patch < 1 || stride < 1 || patch > width || patch > height { return nil }
    return ((width - patch) / stride + 1, (height - patch) / stride + 1)
  }

  /// The layout of the synapses a scheme connects, built without a dense mask (a
  /// receptive-field layer's mask alone would be `preCount × postCount` bytes). Draws from
  /// `rng` exactly as a dense mask built pair by pair in pre-major order would, so the same
  /// seed gives the same connections and, after them, the same initial weights.
  static func layout(
    scheme: ConnectionScheme, preCount: Int, postCount: Int, columns: Int,
    rng: inout Xorshift32
  ) throws(ConfigError) -> SynapseLayout {
    switch scheme {
    case .allToAll:
      return .full(preCount: preCount, postCount: postCount)
    case .fixedProbability(let perMille):
      try ConfigError.check("connection probability (per mille)", perMille, 1, 1000)
      var lists = [[Int32]](repeating: [], count: postCount)
      for j in 0..<preCount {
        for i in 0..<postCount where Int(rng.next() % 1000) < perMille {
          lists[i].append(Int32(j))
        }
      }
      return SynapseLayout(preCount: preCount, postCount: postCount, neuronInputs: lists)
    case .fixedInDegree(let inDegree):
      try ConfigError.check("in-degree", inDegree, 1, preCount)
      var lists: [[Int32]] = []
      lists.reserveCapacity(postCount)
      var order = Array(0..<preCount)
      for _ in 0..<postCount {
        // Partial Fisher–Yates: the first inDegree entries become a uniform choice.
        for a in 0..<inDegree {
          let b = a + Int(rng.next() % UInt32(preCount - a))
          order.swapAt(a, b)
        }
        lists.append(order[0..<inDegree].map { Int32($0) }.sorted())
      }
      return SynapseLayout(preCount: preCount, postCount: postCount, neuronInputs: lists)
    case .receptiveFields(let width, let height, let channels, let patch, let stride):
      guard let grid = fieldGrid(scheme) else {
        throw .inconsistent(
          "receptive field patch \(patch), stride \(stride) does not fit a \(width)×\(height) input"
        )
      }
      if width * height * channels != preCount {
        throw .inconsistent(
          "receptive fields expect \(width)×\(height)×\(channels) inputs, the source has \(preCount)"
        )
      }
      if grid.columns * grid.rows != columns {
        throw .inconsistent(
          "patch \(patch) with stride \(stride) tiles \(grid.columns * grid.rows) columns; "
            + "set the target layer's columns to that")
      }
      let size = postCount / columns
      var blocks: [Int] = []
      var inputs: [[Int32]] = []
      for c in 0..<columns where size > 0 {
        let x0 = (c % grid.columns) * stride
        let y0 = (c / grid.columns) * stride
        var list: [Int32] = []
        list.reserveCapacity(patch * patch * channels)
        // Rows, then pixels, then channels: inputs ascending.
        for y in y0..<y0 + patch {
          for x in x0..<x0 + patch {
            for ch in 0..<channels { list.append(Int32((y * width + x) * channels + ch)) }
          }
        }
        blocks.append(c * size)
        inputs.append(list)
      }
      if columns * size < postCount {
        // Neurons beyond the last whole column see no input.
        blocks.append(columns * size)
        inputs.append([])
      }
      return SynapseLayout(preCount: preCount, postCount: postCount, blocks: blocks, inputs: inputs)
    }
  }

  /// Bytes of the index lists of a receptive-field layout of `neurons` neurons (a board
  /// footprint), computed without building it; 0 if the fields do not fit.
  public static func receptiveFieldIndexBytes(
    width: Int, height: Int, channels: Int, patch: Int, stride: Int, neurons: Int
  ) -> Int {
    let scheme = ConnectionScheme.receptiveFields(
      width: width, height: height, channels: channels, patch: patch, stride: stride)
    guard let grid = fieldGrid(scheme) else { return 0 }
    let columns = grid.columns * grid.rows
    let blocks = columns + (neurons % columns == 0 ? 0 : 1)
    return SynapseLayout.indexBytes(
      preCount: width * height * channels, postCount: neurons, blocks: blocks,
      pairs: columns * patch * patch * channels)
  }

  /// Synapses the first projection of a network seeded `seed` connects with `scheme` (its
  /// layout is drawn first from the network's stream): a fixed probability's draws are
  /// replayed without building the index lists.
  public static func synapseCount(
    scheme: ConnectionScheme, preCount: Int, postCount: Int, seed: UInt32
  ) -> Int {
    switch scheme {
    case .allToAll: return preCount * postCount
    case .fixedInDegree(let n): return n * postCount
    case .receptiveFields(_, _, let channels, let patch, _):
      return patch * patch * channels * postCount
    case .fixedProbability(let perMille):
      var rng = Xorshift32(seed: seed)
      var n = 0
      for _ in 0..<preCount * postCount where Int(rng.next() % 1000) < perMille { n += 1 }
      return n
    }
  }

  /// Initial weights, one per slot of `layout` in slot (pre-major) order: mean
  /// `total / fanIn` dithered, plus uniform jitter, clamped.
  static func weights(
    _ initial: WeightInitialization, layout: SynapseLayout, rng: inout Xorshift32
  ) -> [Int8] {
    var weights = [Int8](repeating: 0, count: layout.synapseCount)
    let span = UInt32(2 * initial.jitter + 1)
    layout.forEachSynapse { _, i, slot in
      let n = max(1, layout.fanIn(of: i))
      let dither = Int(rng.next() % UInt32(n))
      let jitter = Int(rng.next() % span) - initial.jitter
      let w = (initial.total + dither) / n + jitter
      weights[slot] = Int8(min(max(w, Int(initial.minimum)), Int(initial.maximum)))
    }
    return weights
  }
}
