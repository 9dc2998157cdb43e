import SpikeCore

#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board programs compile SafetensorsLayout in
#endif

/// The int8 attention head's tensors in a model file (docs/MODEL_FORMAT.md, "Classifier
/// models"), read and range-checked by one code for `spikecam` (SpikeModel's int8 reader) and
/// the board programs: eight int8 linear layers with their int32 biases and requantization
/// multipliers, the positional table, the two integer layer norms and the ten scalar
/// multipliers. The file's float `scales` (a report of the real scales) are the host's alone.
public enum AttentionTensors8 {
  /// Linear layers, by tensor-name prefix, in the order `layers` returns them.
  public static let linearNames = [
    "proj", "attn.q", "attn.k", "attn.v", "attn.out", "mlp.fc1", "mlp.fc2", "head",
  ]
  /// Order of the scalar multipliers in `requant.multiplier` / `requant.shift`.
  public static let requantNames = [
    "scoreToExp", "attendOut", "residual1Skip", "residual1Branch", "norm1.output",
    "residual2Skip", "residual2Branch", "norm2.output", "pool", "logitToExp",
  ]

  /// The linear layers of `p`, in `linearNames` order.
  public static func layers(_ p: AttentionParameters8) -> [Linear8] {
    [p.projection, p.query, p.key, p.value, p.output, p.mlp1, p.mlp2, p.head]
  }

  /// The scalar multipliers of `p`, in `requantNames` order.
  public static func requants(_ p: AttentionParameters8) -> [QuantizedMultiplier] {
    [
      p.scoreToExp, p.attendOut, p.residual1Skip, p.residual1Branch, p.norm1.output,
      p.residual2Skip, p.residual2Branch, p.norm2.output, p.pool, p.logitToExp,
    ]
  }

  /// Reads the head of config `c` with `activations` from `image`, checked by `layout`: every
  /// shape, every multiplier's range, every epsilon's sign, before any kernel is built (the
  /// caller has checked that `c` runs at `activations`).
  public static func read(
    _ layout: SafetensorsLayout, _ image: UnsafeRawBufferPointer, _ c: AttentionConfig,
    _ activations: ActivationWidth
  ) throws(SafetensorsProblem) -> AttentionParameters8 {
    let d = c.width
    let shapes = [
      (c.features, d), (d, d), (d, d), (d, d), (d, d), (d, c.hidden), (c.hidden, d), (d, c.classes),
    ]
    var layers: [Linear8] = []
    for (name, (inF, outF)) in zip(linearNames, shapes) {
      layers.append(
        Linear8(
          inFeatures: inF, outFeatures: outF,
          weights: try layout.int8s("\(name).weight", shape: [outF, inF], in: image),
          bias: try layout.int32s("\(name).bias", shape: [outF], in: image),
          multipliers: try multipliers(
            layout, image, "\(name).multiplier", "\(name).shift", count: outF)))
    }
    let scalars = try multipliers(
      layout, image, "requant.multiplier", "requant.shift", count: requantNames.count)
    var norms: [IntegerLayerNorm] = []
    for (i, name) in ["norm1", "norm2"].enumerated() {
      let epsilon = try layout.int32s("\(name).epsilon", shape: [1], in: image)[0]
      guard epsilon >= 0 else {
        throw SafetensorsProblem(.outOfRange, "\(name).epsilon", "is negative")
      }
      norms.append(
        IntegerLayerNorm(
          width: d, gamma: try layout.int16s("\(name).weight", shape: [d], in: image),
          beta: try layout.int32s("\(name).bias", shape: [d], in: image), epsilon: Int64(epsilon),
          output: scalars[i == 0 ? 4 : 7]))
    }
    return AttentionParameters8(
      projection: layers[0], positional: try layout.int32s("pos_embed", shape: [c.tokens, d], in: image),
      query: layers[1], key: layers[2], value: layers[3], output: layers[4],
      scoreToExp: scalars[0], attendOut: scalars[1], residual1Skip: scalars[2],
      residual1Branch: scalars[3], norm1: norms[0], mlp1: layers[5], mlp2: layers[6],
      residual2Skip: scalars[5], residual2Branch: scalars[6], norm2: norms[1], pool: scalars[8],
      head: layers[7], logitToExp: scalars[9], activations: activations)
  }

  /// Requantization multipliers: each mantissa 0 or in [2³⁰, 2³¹), each shift in −31…30.
  static func multipliers(
    _ layout: SafetensorsLayout, _ image: UnsafeRawBufferPointer, _ mName: String,
    _ sName: String, count: Int
  ) throws(SafetensorsProblem) -> [QuantizedMultiplier] {
    let ms = try layout.int32s(mName, shape: [count], in: image)
    let ss = try layout.int32s(sName, shape: [count], in: image)
    var result: [QuantizedMultiplier] = []
    for (m, s) in zip(ms, ss) {
      guard m == 0 || m >= 1 << 30 else {
        throw SafetensorsProblem(.outOfRange, mName, "\(m) is not 0 or in [2^30, 2^31)")
      }
      guard s >= -31 && s <= 30 else {
        throw SafetensorsProblem(.outOfRange, sName, "\(s) is not in -31...30")
      }
      result.append(QuantizedMultiplier(multiplier: m, shift: s))
    }
    return result
  }
}
