/// Int8-weight fully connected layer with int32 accumulation and per-output-channel requantization.
///
/// `y[r, o] = requant_o( Σ_i W[o, i] · x[r, i] + bias[o] (+ rowBias[r, o]) )`, TFLite's int8
/// fully-connected reference with zero points 0. Weights are symmetric int8 in
/// [−127, 127] with one scale per output channel; the bias is int32 at the scale `s_x · s_w[o]`.
/// The multipliers `s_x · s_w[o] / s_y` are computed outside, in SpikeModel.
public struct Linear8: Sendable, Equatable {
  /// Input width.
  public let inFeatures: Int
  /// Output width.
  public let outFeatures: Int
  /// Row-major `[outFeatures][inFeatures]`.
  public var weights: [Int8]
  /// Int32 bias per output channel, at the accumulator scale.
  public var bias: [Int32]
  /// Requantization per output channel, from the accumulator scale to the output scale.
  public var multipliers: [QuantizedMultiplier]

  /// Builds a layer; sizes must agree (checked by the model loader before this point).
  public init(
    inFeatures: Int, outFeatures: Int, weights: [Int8], bias: [Int32],
    multipliers: [QuantizedMultiplier]
  ) {
    precondition(weights.count == inFeatures * outFeatures, "Linear8 weights size")
    precondition(bias.count == outFeatures && multipliers.count == outFeatures, "Linear8 sizes")
    (self.inFeatures, self.outFeatures, self.weights, self.bias, self.multipliers) =
      (inFeatures, outFeatures, weights, bias, multipliers)
  }

  /// The int32 accumulator of output `o` for the input row starting at `inputOffset`.
  @inlinable
  public func accumulator<Input: FixedWidthInteger>(
    _ input: [Input], inputOffset: Int, output o: Int
  ) -> Int32 {
    var acc = bias[o]
    let base = o * inFeatures
    for i in 0..<inFeatures {
      // |w·x| ≤ 127·2048 and at most 2¹² products stay inside Int32 (`ActivationWidth`).
      acc &+= Int32(weights[base + i]) &* Int32(truncatingIfNeeded: input[inputOffset + i])
    }
    return acc
  }

  /// Applies the layer to `rows` input rows (int8 features or the head's activations) and
  /// writes activations clamped to [lower, upper].
  ///
  /// - Parameters:
  ///   - rowBias: optional `[rows][outFeatures]` int32 added to the accumulator (positional terms).
  ///   - lower: the activations' lower end, or 0 to fuse a ReLU into the output clamp.
  ///   - upper: the activations' upper end.
  @inlinable
  public func apply<Input: FixedWidthInteger>(
    _ input: [Input], rows: Int, into output: inout [Int16], rowBias: [Int32]? = nil,
    lower: Int32, upper: Int32
  ) {
    precondition(input.count >= rows * inFeatures, "Linear8 input too short")
    precondition(output.count >= rows * outFeatures, "Linear8 output too short")
    precondition(rowBias.map { $0.count >= rows * outFeatures } ?? true, "Linear8 rowBias size")
    let inF = inFeatures
    let outF = outFeatures
    // Raw buffers: the sizes are checked above, and the inner loop is the head's hot spot.
    weights.withUnsafeBufferPointer { w in
      input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
          for r in 0..<rows {
            let xRow = UnsafeBufferPointer(rebasing: x[(r * inF)..<((r + 1) * inF)])
            for o in 0..<outF {
              var acc = bias[o]
              let wRow = UnsafeBufferPointer(rebasing: w[(o * inF)..<((o + 1) * inF)])
              // Row-relative indices: no index arithmetic in the loop, so it vectorizes.
              for i in 0..<inF { acc &+= Int32(wRow[i]) &* Int32(truncatingIfNeeded: xRow[i]) }
              if let rowBias { acc &+= rowBias[r * outF + o] }
              y[r * outF + o] = requantized(acc, multipliers[o], lower: lower, upper: upper)
            }
          }
        }
      }
    }
  }

  /// Applies the layer to one row and writes int32 outputs (e.g. logits on one common scale).
  @inlinable
  public func applyInt32<Input: FixedWidthInteger>(_ input: [Input], into output: inout [Int32]) {
    for o in 0..<outFeatures {
      output[o] = multiplyByQuantizedMultiplier(
        accumulator(input, inputOffset: 0, output: o), multipliers[o])
    }
  }
}
