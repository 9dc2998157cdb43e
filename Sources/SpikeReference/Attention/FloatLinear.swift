/// Float twin of `Linear8`: `y[r, o] = Σ_i W[o, i] · x[r, i] + b[o]`, plus its backward pass.
public struct FloatLinear: Sendable {
  /// Input width.
  public let inFeatures: Int
  /// Output width.
  public let outFeatures: Int
  /// Row-major `[outFeatures][inFeatures]`.
  public var weights: [Float]
  /// Bias per output.
  public var bias: [Float]

  /// Builds a layer from PyTorch-layout weights and a bias.
  public init(weights: [Float], bias: [Float]) {
    precondition(!bias.isEmpty && weights.count % bias.count == 0, "FloatLinear sizes")
    (self.weights, self.bias) = (weights, bias)
    outFeatures = bias.count
    inFeatures = weights.count / bias.count
  }

  /// Applies the layer to `rows` rows of `input`.
  public func apply(_ input: [Float], rows: Int, into output: inout [Float]) {
    for r in 0..<rows {
      for o in 0..<outFeatures {
        var acc = bias[o]
        for i in 0..<inFeatures { acc += weights[o * inFeatures + i] * input[r * inFeatures + i] }
        output[r * outFeatures + o] = acc
      }
    }
  }

  /// Adds `∂L/∂W` and `∂L/∂b` for output gradients `dY` at inputs `input`.
  public func backward(
    _ input: [Float], _ dY: [Float], rows: Int, dWeights: inout [Float], dBias: inout [Float]
  ) {
    for r in 0..<rows {
      for o in 0..<outFeatures {
        let dy = dY[r * outFeatures + o]
        dBias[o] += dy
        if dy == 0 { continue }
        for i in 0..<inFeatures { dWeights[o * inFeatures + i] += dy * input[r * inFeatures + i] }
      }
    }
  }

  /// Adds `∂L/∂x` for output gradients `dY`.
  public func backwardInput(_ dY: [Float], rows: Int, dInput: inout [Float]) {
    for r in 0..<rows {
      for o in 0..<outFeatures {
        let dy = dY[r * outFeatures + o]
        if dy == 0 { continue }
        for i in 0..<inFeatures { dInput[r * inFeatures + i] += weights[o * inFeatures + i] * dy }
      }
    }
  }
}

/// `y[r] = W·x[r] + b` for `rows` rows; `W` is `[out][in]`.
func linear(_ x: [Float], rows: Int, _ w: [Float], _ b: [Float], into y: inout [Float]) {
  FloatLinear(weights: w, bias: b).apply(x, rows: rows, into: &y)
}

/// Adds `dW`, `db` and `dInput` for `y = W·x + b`.
func linearBackward(
  _ x: [Float], _ dY: [Float], rows: Int, _ w: [Float], _ dW: inout [Float], _ dB: inout [Float],
  dInput: inout [Float]
) {
  let layer = FloatLinear(weights: w, bias: dB)
  layer.backward(x, dY, rows: rows, dWeights: &dW, dBias: &dB)
  layer.backwardInput(dY, rows: rows, dInput: &dInput)
}

/// Adds `dW` and `db` for `y = W·x + b` (no input gradient: the first layer).
func linearBackward(
  _ x: [Float], _ dY: [Float], rows: Int, _ w: [Float], _ dW: inout [Float], _ dB: inout [Float]
) {
  FloatLinear(weights: w, bias: dB).backward(x, dY, rows: rows, dWeights: &dW, dBias: &dB)
}
