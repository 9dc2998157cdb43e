import SpikeCore

/// The float head's tensors, in file order, with their documented names (docs/MODEL_FORMAT.md).
///
/// Names follow PyTorch's `state_dict` habit (`weight` is `[out][in]`), so a model trained in
/// PyTorch exports with `tools/export_pytorch.py` and loads here unchanged.
public enum AttentionTensor: Int, CaseIterable, Sendable {
  case projectionWeight, projectionBias, positional
  case queryWeight, queryBias, keyWeight, keyBias, valueWeight, valueBias, outputWeight, outputBias
  case norm1Gamma, norm1Beta
  case mlp1Weight, mlp1Bias, mlp2Weight, mlp2Bias
  case norm2Gamma, norm2Beta
  case headWeight, headBias

  /// Tensor name in the model file.
  public var name: String {
    switch self {
    case .projectionWeight: "proj.weight"
    case .projectionBias: "proj.bias"
    case .positional: "pos_embed"
    case .queryWeight: "attn.q.weight"
    case .queryBias: "attn.q.bias"
    case .keyWeight: "attn.k.weight"
    case .keyBias: "attn.k.bias"
    case .valueWeight: "attn.v.weight"
    case .valueBias: "attn.v.bias"
    case .outputWeight: "attn.out.weight"
    case .outputBias: "attn.out.bias"
    case .norm1Gamma: "norm1.weight"
    case .norm1Beta: "norm1.bias"
    case .mlp1Weight: "mlp.fc1.weight"
    case .mlp1Bias: "mlp.fc1.bias"
    case .mlp2Weight: "mlp.fc2.weight"
    case .mlp2Bias: "mlp.fc2.bias"
    case .norm2Gamma: "norm2.weight"
    case .norm2Beta: "norm2.bias"
    case .headWeight: "head.weight"
    case .headBias: "head.bias"
    }
  }

  /// Shape for `config`, outermost first.
  public func shape(_ c: AttentionConfig) -> [Int] {
    switch self {
    case .projectionWeight: [c.width, c.features]
    case .positional: [c.tokens, c.width]
    case .queryWeight, .keyWeight, .valueWeight, .outputWeight: [c.width, c.width]
    case .mlp1Weight: [c.hidden, c.width]
    case .mlp1Bias: [c.hidden]
    case .mlp2Weight: [c.width, c.hidden]
    case .headWeight: [c.classes, c.width]
    case .headBias: [c.classes]
    case .projectionBias, .queryBias, .keyBias, .valueBias, .outputBias, .norm1Gamma, .norm1Beta,
      .mlp2Bias, .norm2Gamma, .norm2Beta:
      [c.width]
    }
  }
}

/// Float tensors of the head, one flat row-major array per `AttentionTensor`.
public struct FloatAttentionParameters: Sendable, Equatable {
  /// Indexed by `AttentionTensor.rawValue`.
  public var tensors: [[Float]]

  /// Zeros of the right sizes (the shape of a gradient accumulator).
  public init(zerosFor config: AttentionConfig) {
    tensors = AttentionTensor.allCases.map { t in
      Array(repeating: 0, count: t.shape(config).reduce(1, *))
    }
  }

  /// Seeded initialisation: uniform ±1/√fan-in for weights (PyTorch's default bound), small
  /// positional terms, LayerNorm γ = 1 and β = 0, zero biases.
  public init(randomFor config: AttentionConfig, seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    self.init(zerosFor: config)
    for t in AttentionTensor.allCases {
      let shape = t.shape(config)
      switch t {
      case .norm1Gamma, .norm2Gamma:
        tensors[t.rawValue] = Array(repeating: 1, count: shape[0])
      case .positional:
        for i in tensors[t.rawValue].indices { tensors[t.rawValue][i] = rng.uniform(-0.1, 0.1) }
      case .projectionWeight, .queryWeight, .keyWeight, .valueWeight, .outputWeight, .mlp1Weight,
        .mlp2Weight, .headWeight:
        let bound = 1 / Float(shape[1]).squareRoot()
        for i in tensors[t.rawValue].indices {
          tensors[t.rawValue][i] = rng.uniform(-bound, bound)
        }
      default:
        break
      }
    }
  }

  /// The tensor for `t`.
  public subscript(_ t: AttentionTensor) -> [Float] {
    get { tensors[t.rawValue] }
    set { tensors[t.rawValue] = newValue }
  }

  /// Whether every tensor has the size `config` asks for.
  public func matches(_ config: AttentionConfig) -> Bool {
    tensors.count == AttentionTensor.allCases.count
      && AttentionTensor.allCases.allSatisfy {
        tensors[$0.rawValue].count == $0.shape(config).reduce(1, *)
      }
  }
}

/// SplitMix64: a small seeded generator for initialisation and shuffling.
public struct SplitMix64: Sendable {
  private var state: UInt64

  /// Starts from `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64-bit value.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [lower, upper).
  public mutating func uniform(_ lower: Float, _ upper: Float) -> Float {
    lower + (upper - lower) * Float(next() >> 40) / Float(1 << 24)
  }

  /// Uniform integer in 0..<n.
  public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

  /// Shuffles `values` in place (Fisher–Yates from the end), the same order for the same seed.
  public mutating func shuffle<T>(_ values: inout [T]) {
    for i in stride(from: values.count - 1, to: 0, by: -1) { values.swapAt(i, below(i + 1)) }
  }
}
