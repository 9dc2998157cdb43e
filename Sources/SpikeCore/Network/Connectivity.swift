/// Builds connectivity masks and initial weights from a `ConnectionScheme` (setup only).
enum Connectivity {
  /// Number of receptive-field columns a scheme tiles, or nil for non-local schemes.
  static func fieldGrid(_ scheme: ConnectionScheme) -> (columns: Int, rows: Int)? {
    guard case .receptiveFields(let width, let height, _, let patch, let stride) = scheme else {
      return nil
    }
    if patch < 1 || stride < 1 || patch > width || patch > height { return nil }
    return ((width - patch) / stride + 1, (height - patch) / stride + 1)
  }

  /// The connectivity mask (`[j · postCount + i]`), empty for all-to-all.
  static func mask(
    scheme: ConnectionScheme, preCount: Int, postCount: Int, columns: Int,
    rng: inout Xorshift32
  ) throws(ConfigError) -> [Bool] {
    switch scheme {
    case .allToAll:
      return []
    case .fixedProbability(let perMille):
      try ConfigError.check("connection probability (per mille)", perMille, 1, 1000)
      var mask = [Bool](repeating: false, count: preCount * postCount)
      for k in mask.indices { mask[k] = Int(rng.next() % 1000) < perMille }
      return mask
    case .fixedInDegree(let inDegree):
      try ConfigError.check("in-degree", inDegree, 1, preCount)
      var mask = [Bool](repeating: false, count: preCount * postCount)
      var order = Array(0..<preCount)
      for i in 0..<postCount {
        // Partial Fisher–Yates: the first inDegree entries become a uniform choice.
        for a in 0..<inDegree {
          let b = a + Int(rng.next() % UInt32(preCount - a))
          order.swapAt(a, b)
          mask[order[a] * postCount + i] = true
        }
      }
      return mask
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
      var mask = [Bool](repeating: false, count: preCount * postCount)
      for c in 0..<columns {
        let x0 = (c % grid.columns) * stride
        let y0 = (c / grid.columns) * stride
        for y in y0..<y0 + patch {
          for x in x0..<x0 + patch {
            for ch in 0..<channels {
              let j = (y * width + x) * channels + ch
              for i in c * size..<(c + 1) * size { mask[j * postCount + i] = true }
            }
          }
        }
      }
      return mask
    }
  }

  /// Initial weights: mean `total / fanIn` dithered, plus uniform jitter, clamped.
  static func weights(
    _ initial: WeightInitialization, mask: [Bool], preCount: Int, postCount: Int,
    rng: inout Xorshift32
  ) -> [Int8] {
    var fanIn = [Int](repeating: mask.isEmpty ? preCount : 0, count: postCount)
    if !mask.isEmpty {
      for j in 0..<preCount {
        for i in 0..<postCount where mask[j * postCount + i] { fanIn[i] += 1 }
      }
    }
    var weights = [Int8](repeating: 0, count: preCount * postCount)
    let span = UInt32(2 * initial.jitter + 1)
    for j in 0..<preCount {
      for i in 0..<postCount {
        let k = j * postCount + i
        if !mask.isEmpty && !mask[k] { continue }
        let n = max(1, fanIn[i])
        let dither = Int(rng.next() % UInt32(n))
        let jitter = Int(rng.next() % span) - initial.jitter
        let w = (initial.total + dither) / n + jitter
        weights[k] = Int8(min(max(w, Int(initial.minimum)), Int(initial.maximum)))
      }
    }
    return weights
  }
}
