import Foundation
import SpikeCore

/// Float twin of `AttentionHead8`: the same graph in Float32, with a hand-written backward pass.
///
/// Post-LayerNorm block (`x1 = LN(h0 + Attn(h0))`, `x2 = LN(x1 + MLP(x1))`), ReLU MLP, mean
/// pooling over tokens, linear head. Activations of the last `forward` are kept for calibration,
/// the per-layer error report and `backward`.
public struct FloatAttentionHead: FloatWindowHead {
  /// Sizes.
  public let config: AttentionConfig
  /// Trainable tensors.
  public var parameters: FloatAttentionParameters
  /// LayerNorm ε (PyTorch's default).
  public static let epsilon: Float = 1e-5
  /// Frames per window, K.
  public var tokens: Int { config.tokens }
  /// Features per frame, F.
  public var features: Int { config.features }

  /// Token embeddings after projection + positional term, `[K][d]`.
  public private(set) var embedded: [Float]
  /// Queries, `[K][d]`.
  public private(set) var queries: [Float]
  /// Keys, `[K][d]`.
  public private(set) var keys: [Float]
  /// Values, `[K][d]`.
  public private(set) var values: [Float]
  /// Raw attention scores `Q·Kᵀ/√(d/h)`, `[h][K][K]`.
  public private(set) var scores: [Float]
  /// Attention probabilities, `[h][K][K]`.
  public private(set) var probabilities: [Float]
  /// Attention output before `Wo`, `[K][d]`.
  public private(set) var attended: [Float]
  /// Attention output after `Wo`, `[K][d]`.
  public private(set) var attentionOut: [Float]
  /// First residual sum, `[K][d]`.
  public private(set) var residual1: [Float]
  /// First LayerNorm output, `[K][d]`.
  public private(set) var normalized1: [Float]
  /// MLP pre-activation, `[K][hidden]`.
  public private(set) var mlpPre: [Float]
  /// MLP hidden after ReLU, `[K][hidden]`.
  public private(set) var mlpHidden: [Float]
  /// MLP output, `[K][d]`.
  public private(set) var mlpOut: [Float]
  /// Second residual sum, `[K][d]`.
  public private(set) var residual2: [Float]
  /// Second LayerNorm output, `[K][d]`.
  public private(set) var normalized2: [Float]
  /// Mean over tokens, `[d]`.
  public private(set) var pooled: [Float]
  /// Class logits.
  public private(set) var logits: [Float]
  /// The softmax probability of every class in the last decision, Q15.
  public var classScores: [Int16] { softmax(logits).map(Self.q15) }

  private var norm1Stats: [Float]  // [K] 1/σ
  private var norm2Stats: [Float]
  // Non-zero inputs of each token of the last window (spike-count features are mostly zero).
  private var active: [Int32]
  private var activeCount: [Int32]

  /// Allocates every buffer for `config`.
  public init(config: AttentionConfig, parameters: FloatAttentionParameters) {
    precondition(config.problem() == nil, "FloatAttentionHead: \(config.problem() ?? "")")
    precondition(parameters.matches(config), "FloatAttentionHead: parameters do not match config")
    (self.config, self.parameters) = (config, parameters)
    let kd = config.tokens * config.width
    let kk = config.heads * config.tokens * config.tokens
    embedded = Array(repeating: 0, count: kd)
    queries = embedded
    keys = embedded
    values = embedded
    scores = Array(repeating: 0, count: kk)
    probabilities = scores
    attended = embedded
    attentionOut = embedded
    residual1 = embedded
    normalized1 = embedded
    mlpPre = Array(repeating: 0, count: config.tokens * config.hidden)
    mlpHidden = mlpPre
    mlpOut = embedded
    residual2 = embedded
    normalized2 = embedded
    pooled = Array(repeating: 0, count: config.width)
    logits = Array(repeating: 0, count: config.classes)
    norm1Stats = Array(repeating: 0, count: config.tokens)
    norm2Stats = norm1Stats
    active = Array(repeating: 0, count: config.tokens * config.features)
    activeCount = Array(repeating: 0, count: config.tokens)
  }

  /// Runs the window `[K][F]` and returns the class and its softmax probability.
  public mutating func classify(_ window: [Float]) -> FloatDecision {
    forward(window)
    let probs = softmax(logits)
    let best = Readout.argmax(logits)
    return FloatDecision(classIndex: best, score: probs[best])
  }

  // MARK: forward

  /// Computes every activation for `window` (`[K][F]`).
  public mutating func forward(_ window: [Float]) {
    precondition(window.count == config.tokens * config.features, "window is not K×F")
    let p = parameters
    let k = config.tokens
    let d = config.width
    project(window)
    for i in 0..<(k * d) { embedded[i] += p[.positional][i] }
    linear(embedded, rows: k, p[.queryWeight], p[.queryBias], into: &queries)
    linear(embedded, rows: k, p[.keyWeight], p[.keyBias], into: &keys)
    linear(embedded, rows: k, p[.valueWeight], p[.valueBias], into: &values)
    attend()
    linear(attended, rows: k, p[.outputWeight], p[.outputBias], into: &attentionOut)
    for i in 0..<(k * d) { residual1[i] = embedded[i] + attentionOut[i] }
    layerNorm(residual1, p[.norm1Gamma], p[.norm1Beta], into: &normalized1, stats: &norm1Stats)
    linear(normalized1, rows: k, p[.mlp1Weight], p[.mlp1Bias], into: &mlpPre)
    for i in mlpPre.indices { mlpHidden[i] = max(mlpPre[i], 0) }
    linear(mlpHidden, rows: k, p[.mlp2Weight], p[.mlp2Bias], into: &mlpOut)
    for i in 0..<(k * d) { residual2[i] = normalized1[i] + mlpOut[i] }
    layerNorm(residual2, p[.norm2Gamma], p[.norm2Beta], into: &normalized2, stats: &norm2Stats)
    for c in 0..<d {
      var sum: Float = 0
      for t in 0..<k { sum += normalized2[t * d + c] }
      pooled[c] = sum / Float(k)
    }
    linear(pooled, rows: 1, p[.headWeight], p[.headBias], into: &logits)
  }

  private mutating func attend() {
    let k = config.tokens
    let d = config.width
    let w = config.headWidth
    let scale = 1 / Float(w).squareRoot()
    for h in 0..<config.heads {
      for i in 0..<k {
        let row = (h * k + i) * k
        for j in 0..<k {
          var s: Float = 0
          for c in (h * w)..<((h + 1) * w) { s += queries[i * d + c] * keys[j * d + c] }
          scores[row + j] = s * scale
        }
        FloatSoftmax.row(
          scores, offset: row, count: k, into: &probabilities, outputOffset: row)
        for c in (h * w)..<((h + 1) * w) {
          var acc: Float = 0
          for j in 0..<k { acc += probabilities[row + j] * values[j * d + c] }
          attended[i * d + c] = acc
        }
      }
    }
  }

  private func layerNorm(
    _ x: [Float], _ gamma: [Float], _ beta: [Float], into y: inout [Float], stats: inout [Float]
  ) {
    FloatLayerNorm(width: config.width, gamma: gamma, beta: beta, epsilon: Self.epsilon)
      .apply(x, rows: config.tokens, into: &y, inverseStd: &stats)
  }

  // MARK: backward

  /// Cross-entropy loss of `window` against `label`; adds the gradients into `gradients`.
  @discardableResult
  public mutating func backward(
    _ window: [Float], label: Int, gradients g: inout FloatAttentionParameters
  ) -> Float {
    forward(window)
    let k = config.tokens
    let d = config.width
    let probs = softmax(logits)
    let loss = -log(max(probs[label], 1e-30))
    var dLogits = probs
    dLogits[label] -= 1
    var dPooled = [Float](repeating: 0, count: d)
    gradLinear(pooled, dLogits, rows: 1, .headWeight, .headBias, &g, dInput: &dPooled)
    var dX2 = [Float](repeating: 0, count: k * d)
    for t in 0..<k { for c in 0..<d { dX2[t * d + c] = dPooled[c] / Float(k) } }
    var dR2 = [Float](repeating: 0, count: k * d)
    gradLayerNorm(residual2, dX2, .norm2Gamma, .norm2Beta, norm2Stats, &g, dInput: &dR2)
    var dX1 = dR2
    var dHidden = [Float](repeating: 0, count: k * config.hidden)
    gradLinear(mlpHidden, dR2, rows: k, .mlp2Weight, .mlp2Bias, &g, dInput: &dHidden)
    for i in dHidden.indices where mlpPre[i] <= 0 { dHidden[i] = 0 }
    gradLinear(normalized1, dHidden, rows: k, .mlp1Weight, .mlp1Bias, &g, dInput: &dX1)
    var dR1 = [Float](repeating: 0, count: k * d)
    gradLayerNorm(residual1, dX1, .norm1Gamma, .norm1Beta, norm1Stats, &g, dInput: &dR1)
    var dH0 = dR1
    var dAttended = [Float](repeating: 0, count: k * d)
    gradLinear(attended, dR1, rows: k, .outputWeight, .outputBias, &g, dInput: &dAttended)
    var dQ = [Float](repeating: 0, count: k * d)
    var dK = dQ
    var dV = dQ
    attendBackward(dAttended, dQ: &dQ, dK: &dK, dV: &dV)
    gradLinear(embedded, dQ, rows: k, .queryWeight, .queryBias, &g, dInput: &dH0)
    gradLinear(embedded, dK, rows: k, .keyWeight, .keyBias, &g, dInput: &dH0)
    gradLinear(embedded, dV, rows: k, .valueWeight, .valueBias, &g, dInput: &dH0)
    for i in 0..<(k * d) { g.tensors[AttentionTensor.positional.rawValue][i] += dH0[i] }
    projectBackward(window, dH0, &g)
    return loss
  }

  /// The token projection over the non-zero inputs only. Skipping a zero term leaves a float
  /// sum unchanged, so this equals the dense product bit for bit, at the cost of the live inputs.
  private mutating func project(_ window: [Float]) {
    let f = config.features
    let d = config.width
    let w = parameters[.projectionWeight]
    let b = parameters[.projectionBias]
    for t in 0..<config.tokens {
      var n = 0
      for i in 0..<f where window[t * f + i] != 0 {
        active[t * f + n] = Int32(i)
        n += 1
      }
      activeCount[t] = Int32(n)
      for o in 0..<d {
        var acc = b[o]
        for a in 0..<n {
          let i = Int(active[t * f + a])
          acc += w[o * f + i] * window[t * f + i]
        }
        embedded[t * d + o] = acc
      }
    }
  }

  /// Adds the projection's weight and bias gradients over the inputs `project` found live.
  private func projectBackward(_ window: [Float], _ dY: [Float], _ g: inout FloatAttentionParameters)
  {
    let f = config.features
    let d = config.width
    var dW: [Float] = []
    var dB: [Float] = []
    swap(&dW, &g.tensors[AttentionTensor.projectionWeight.rawValue])
    swap(&dB, &g.tensors[AttentionTensor.projectionBias.rawValue])
    for t in 0..<config.tokens {
      let n = Int(activeCount[t])
      for o in 0..<d {
        let dy = dY[t * d + o]
        dB[o] += dy
        if dy == 0 { continue }
        for a in 0..<n {
          let i = Int(active[t * f + a])
          dW[o * f + i] += dy * window[t * f + i]
        }
      }
    }
    swap(&dW, &g.tensors[AttentionTensor.projectionWeight.rawValue])
    swap(&dB, &g.tensors[AttentionTensor.projectionBias.rawValue])
  }

  private func attendBackward(
    _ dO: [Float], dQ: inout [Float], dK: inout [Float], dV: inout [Float]
  ) {
    let k = config.tokens
    let d = config.width
    let w = config.headWidth
    let scale = 1 / Float(w).squareRoot()
    var dP = [Float](repeating: 0, count: k)
    for h in 0..<config.heads {
      for i in 0..<k {
        let row = (h * k + i) * k
        var dot: Float = 0
        for j in 0..<k {
          var s: Float = 0
          for c in (h * w)..<((h + 1) * w) {
            s += dO[i * d + c] * values[j * d + c]
            dV[j * d + c] += probabilities[row + j] * dO[i * d + c]
          }
          dP[j] = s
          dot += s * probabilities[row + j]
        }
        for j in 0..<k {
          let dS = probabilities[row + j] * (dP[j] - dot) * scale
          for c in (h * w)..<((h + 1) * w) {
            dQ[i * d + c] += dS * keys[j * d + c]
            dK[j * d + c] += dS * queries[i * d + c]
          }
        }
      }
    }
  }

  private func gradLinear(
    _ x: [Float], _ dY: [Float], rows: Int, _ w: AttentionTensor, _ b: AttentionTensor,
    _ g: inout FloatAttentionParameters, dInput: inout [Float]
  ) {
    var dW: [Float] = []
    var dB: [Float] = []
    swap(&dW, &g.tensors[w.rawValue])
    swap(&dB, &g.tensors[b.rawValue])
    linearBackward(x, dY, rows: rows, parameters[w], &dW, &dB, dInput: &dInput)
    swap(&dW, &g.tensors[w.rawValue])
    swap(&dB, &g.tensors[b.rawValue])
  }

  private func gradLayerNorm(
    _ x: [Float], _ dY: [Float], _ gamma: AttentionTensor, _ beta: AttentionTensor,
    _ inverse: [Float], _ g: inout FloatAttentionParameters, dInput: inout [Float]
  ) {
    var dGamma: [Float] = []
    var dBeta: [Float] = []
    swap(&dGamma, &g.tensors[gamma.rawValue])
    swap(&dBeta, &g.tensors[beta.rawValue])
    layerNormBackward(x, dY, parameters[gamma], inverse, &dGamma, &dBeta, dInput: &dInput)
    swap(&dGamma, &g.tensors[gamma.rawValue])
    swap(&dBeta, &g.tensors[beta.rawValue])
  }

  private func layerNormBackward(
    _ x: [Float], _ dY: [Float], _ gamma: [Float],
    _ inverse: [Float], _ dGamma: inout [Float], _ dBeta: inout [Float], dInput: inout [Float]
  ) {
    let d = config.width
    for r in 0..<config.tokens {
      var sumD: Float = 0
      var sumDX: Float = 0
      var mean: Float = 0
      for c in 0..<d { mean += x[r * d + c] }
      mean /= Float(d)
      for c in 0..<d {
        let xHat = (x[r * d + c] - mean) * inverse[r]
        let dXHat = dY[r * d + c] * gamma[c]
        dGamma[c] += dY[r * d + c] * xHat
        dBeta[c] += dY[r * d + c]
        sumD += dXHat
        sumDX += dXHat * xHat
      }
      for c in 0..<d {
        let xHat = (x[r * d + c] - mean) * inverse[r]
        let dXHat = dY[r * d + c] * gamma[c]
        dInput[r * d + c] = inverse[r] / Float(d) * (Float(d) * dXHat - sumD - xHat * sumDX)
      }
    }
  }
}

/// A float classification: the class and its softmax probability.
public struct FloatDecision: Sendable, Equatable {
  /// Index of the largest logit.
  public var classIndex: Int
  /// Softmax probability of that class.
  public var score: Float
}

/// Numerically stable softmax.
public func softmax(_ x: [Float]) -> [Float] {
  let m = x.max() ?? 0
  let e = x.map { exp($0 - m) }
  let s = e.reduce(0, +)
  return e.map { $0 / s }
}
