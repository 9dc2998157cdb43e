// Not on the integer path. Floating point appears here only at the offline float → integer
// edge: real scales turn into int32 multipliers and shifts, and float weights into int8.
// `QuantizedAttentionModel` keeps the real scales for reporting and for `quantizeInput`, which
// the quantization report and the attention benchmark use to feed float windows; `makeHead`
// runs in SpikeCore, integers only.

import SpikeCore
import SpikeReference

/// The integer head plus the real scales it was built with (needed to dequantize and report).
public struct QuantizedAttentionModel: Sendable {
  /// Sizes.
  public var config: AttentionConfig
  /// Integer weights and multipliers.
  public var parameters: AttentionParameters8
  /// Real value of one input step (1 when features are raw spike counts).
  public var inputScale: Double
  /// Scale of each int8 activation.
  public var scales: [AttentionActivation: Double]
  /// Scale of the int32 logits.
  public var logitScale: Double

  /// A ready-to-run integer head.
  public func makeHead() -> AttentionHead8 {
    AttentionHead8(config: config, parameters: parameters)
  }

  /// Quantizes a float window `[K][F]` to the int8 input (round to nearest, saturate).
  public func quantizeInput(_ window: [Float], into output: inout [Int8]) {
    for i in window.indices { output[i] = quantizeInt8(Double(window[i]) / inputScale) }
  }
}

/// `round(x)` saturated to [−127, 127] (symmetric int8, zero point 0).
func quantizeInt8(_ x: Double) -> Int8 {
  guard x.isFinite else { return 0 }
  return Int8(min(max(x.rounded(), -127), 127))
}

/// `round(x)` saturated to Int32.
func quantizeInt32(_ x: Double) -> Int32 {
  guard x.isFinite else { return 0 }
  return Int32(min(max(x.rounded(), Double(Int32.min)), Double(Int32.max)))
}

/// Post-training quantization of `FloatAttentionHead` (docs/ARCHITECTURE.md, "Number formats"):
/// per-output-channel symmetric int8 weights, int32 biases at the accumulator scale,
/// per-tensor symmetric activations (int8, or 12-bit when the ranges ask for it) from
/// calibration ranges, and every requantization as an int32 multiplier and shift.
public enum AttentionQuantizer {
  /// Extra bits of the residual adds' common int32 scale below the coarser input's scale.
  public static let residualBits = 16

  /// Extra bits of the logits' common scale below the coarsest class's accumulator scale:
  /// 8 for int8 activations, 4 for 12-bit ones, so the logits keep the same headroom in Int32.
  public static func logitBits(_ activations: ActivationWidth) -> Int { 16 - activations.bits }

  /// Builds the integer model from float parameters and calibration ranges.
  public static func quantize(
    config: AttentionConfig, parameters f: FloatAttentionParameters, ranges: ActivationRanges,
    inputScale: Double = 1
  ) throws(QuantizationError) -> QuantizedAttentionModel {
    guard f.matches(config) else { throw .shapeMismatch("float tensors do not match the config") }
    let activations = try ranges.activations()
    if let problem = config.problem(activations: activations) { throw .shapeMismatch(problem) }
    var s: [AttentionActivation: Double] = [:]
    for a in AttentionActivation.allCases { s[a] = try ranges.scale(a) }
    func scale(_ a: AttentionActivation) -> Double { s[a] ?? 1 }
    let k = config.tokens
    let d = config.width

    let projection = try linear(
      f, .projectionWeight, .projectionBias, input: inputScale, output: scale(.embedded))
    var positional = [Int32](repeating: 0, count: k * d)
    for t in 0..<k {
      for c in 0..<d {
        positional[t * d + c] = quantizeInt32(
          Double(f[.positional][t * d + c]) / (inputScale * projection.weightScales[c]))
      }
    }
    let query = try linear(
      f, .queryWeight, .queryBias, input: scale(.embedded), output: scale(.queries))
    let key = try linear(f, .keyWeight, .keyBias, input: scale(.embedded), output: scale(.keys))
    let value = try linear(
      f, .valueWeight, .valueBias, input: scale(.embedded), output: scale(.values))
    let output = try linear(
      f, .outputWeight, .outputBias, input: scale(.attended), output: scale(.attentionOut))
    let scoreToExp = try QuantizedMultiplier(
      real: scale(.queries) * scale(.keys) / Double(config.headWidth).squareRoot() * 4096,
      name: "scoreToExp")
    let attendOut = try QuantizedMultiplier(
      real: scale(.values) / 32768 / scale(.attended), name: "attendOut")
    let r1 = max(scale(.embedded), scale(.attentionOut)) / Double(1 << residualBits)
    let norm1 = try layerNorm(f, .norm1Gamma, .norm1Beta, input: r1, output: scale(.normalized1))
    let mlp1 = try linear(
      f, .mlp1Weight, .mlp1Bias, input: scale(.normalized1), output: scale(.mlpHidden))
    let mlp2 = try linear(
      f, .mlp2Weight, .mlp2Bias, input: scale(.mlpHidden), output: scale(.mlpOut))
    let r2 = max(scale(.normalized1), scale(.mlpOut)) / Double(1 << residualBits)
    let norm2 = try layerNorm(f, .norm2Gamma, .norm2Beta, input: r2, output: scale(.normalized2))
    let pool = try QuantizedMultiplier(
      real: scale(.normalized2) / (Double(k) * scale(.pooled)), name: "pool")

    // Head: every class lands on one logit scale so that argmax compares like with like.
    let headScales = weightScales(f[.headWeight], rows: config.classes)
    let logitScale =
      scale(.pooled) * (headScales.max() ?? 1) / Double(1 << logitBits(activations))
    var head = try linear(f, .headWeight, .headBias, input: scale(.pooled), output: logitScale)
    head.layer.multipliers = try headScales.map { (w: Double) throws(QuantizationError) in
      try QuantizedMultiplier(real: scale(.pooled) * w / logitScale, name: "head")
    }

    let parameters = AttentionParameters8(
      projection: projection.layer, positional: positional, query: query.layer, key: key.layer,
      value: value.layer, output: output.layer, scoreToExp: scoreToExp, attendOut: attendOut,
      residual1Skip: try QuantizedMultiplier(real: scale(.embedded) / r1, name: "residual1Skip"),
      residual1Branch: try QuantizedMultiplier(
        real: scale(.attentionOut) / r1, name: "residual1Branch"),
      norm1: norm1, mlp1: mlp1.layer, mlp2: mlp2.layer,
      residual2Skip: try QuantizedMultiplier(real: scale(.normalized1) / r2, name: "residual2Skip"),
      residual2Branch: try QuantizedMultiplier(real: scale(.mlpOut) / r2, name: "residual2Branch"),
      norm2: norm2, pool: pool, head: head.layer,
      logitToExp: try QuantizedMultiplier(real: logitScale * 4096, name: "logitToExp"),
      activations: activations)
    return QuantizedAttentionModel(
      config: config, parameters: parameters, inputScale: inputScale, scales: s,
      logitScale: logitScale)
  }

  /// Per-row symmetric scales `max|W[o,:]| / 127` (a zero row gets scale 1).
  static func weightScales(_ w: [Float], rows: Int) -> [Double] {
    let columns = w.count / rows
    return (0..<rows).map { o in
      var m: Float = 0
      for i in 0..<columns { m = max(m, abs(w[o * columns + i])) }
      return m > 0 ? Double(m) / 127 : 1
    }
  }

  static func linear(
    _ f: FloatAttentionParameters, _ w: AttentionTensor, _ b: AttentionTensor, input: Double,
    output: Double
  ) throws(QuantizationError) -> (layer: Linear8, weightScales: [Double]) {
    let bias = f[b]
    let weights = f[w]
    let outF = bias.count
    let inF = weights.count / outF
    let scales = weightScales(weights, rows: outF)
    var q = [Int8](repeating: 0, count: weights.count)
    for o in 0..<outF {
      for i in 0..<inF { q[o * inF + i] = quantizeInt8(Double(weights[o * inF + i]) / scales[o]) }
    }
    var qb = [Int32](repeating: 0, count: outF)
    var multipliers: [QuantizedMultiplier] = []
    for o in 0..<outF {
      qb[o] = quantizeInt32(Double(bias[o]) / (input * scales[o]))
      multipliers.append(try QuantizedMultiplier(real: input * scales[o] / output, name: w.name))
    }
    let layer = Linear8(
      inFeatures: inF, outFeatures: outF, weights: q, bias: qb, multipliers: multipliers)
    return (layer, scales)
  }

  static func layerNorm(
    _ f: FloatAttentionParameters, _ g: AttentionTensor, _ b: AttentionTensor, input: Double,
    output: Double
  ) throws(QuantizationError) -> IntegerLayerNorm {
    let gamma = f[g]
    let beta = f[b]
    let gammaScale = max(Double(gamma.map { abs($0) }.max() ?? 0), 1e-6) / 32767
    let qGamma = gamma.map { Int16(min(max((Double($0) / gammaScale).rounded(), -32767), 32767)) }
    let qBeta = beta.map { quantizeInt32(Double($0) / (gammaScale / 4096)) }
    let eps = Double(FloatAttentionHead.epsilon) / (input * input)
    return IntegerLayerNorm(
      width: gamma.count, gamma: qGamma, beta: qBeta,
      epsilon: Int64(min(eps.rounded(), Double(Int32.max))),
      output: try QuantizedMultiplier(real: gammaScale / 4096 / output, name: g.name))
  }
}
