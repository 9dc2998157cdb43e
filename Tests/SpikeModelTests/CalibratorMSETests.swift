import Foundation
import Testing

@testable import SpikeModel

/// The least-squared-error bound of `calibrate --method mse`.
@Suite struct CalibratorMSETests {
  static func squaredError(_ values: [Float], bound: Float) -> Double {
    let step = Double(bound) / 127
    return values.reduce(0) { sum, m in
      let q = min((Double(m) / step).rounded(), 127) * step
      return sum + (Double(m) - q) * (Double(m) - q)
    }
  }

  /// Exponentially distributed magnitudes (a Laplace activation's |x|): the best int8 bound
  /// lies below the largest value (about 9.7 of 10.6 here) and beats max-range calibration.
  @Test func aHeavyTailIsClippedAndAUniformRangeKept() {
    let n = 20_000
    let tail = (0..<n).map { Float(-log(1 - (Double($0) + 0.5) / Double(n))) }
    let top = tail.max()!
    let bound = AttentionCalibrator.leastSquaredErrorBound(tail, max: top)
    #expect(bound < 0.95 * top && bound > 0.8 * top)
    #expect(Self.squaredError(tail, bound: bound) < 0.95 * Self.squaredError(tail, bound: top))
    // A uniform spread has no tail worth clipping.
    let uniform = (0..<1000).map { Float($0) / 999 }
    #expect(AttentionCalibrator.leastSquaredErrorBound(uniform, max: 1) > 0.95)
  }
}
