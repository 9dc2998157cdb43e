import Foundation

/// Float twin of `IntegerSoftmax`: a numerically stable softmax over one row.
public enum FloatSoftmax {
  /// Softmax of `scores[offset ..< offset+count]` into `output[outputOffset...]`.
  public static func row(
    _ scores: [Float], offset: Int, count: Int, into output: inout [Float], outputOffset: Int
  ) {
    var maximum = -Float.infinity
    for j in 0..<count { maximum = max(maximum, scores[offset + j]) }
    var sum: Float = 0
    for j in 0..<count {
      let e = exp(scores[offset + j] - maximum)
      output[outputOffset + j] = e
      sum += e
    }
    for j in 0..<count { output[outputOffset + j] /= sum }
  }
}
