import SpikeCore
import SpikeReference
import Testing

@Suite struct RecordingParityTests {
  @Test func integerCosineIsWithinHalfAUnitOfQ16OfTheExactValue() {
    // Tolerance: integer Q16 within 2⁻¹⁶ of the cosine computed in Double (the rounding of the
    // last division plus the root's relative error below 2⁻³¹); the Float twin within 1e-5.
    var rng = Xorshift32(seed: 17)
    for length in [1, 2, 3, 8, 100, 1000] {
      for _ in 0..<200 {
        let spread = UInt32(1 + rng.next() % 255)
        let a = (0..<length).map { _ in Int8(truncatingIfNeeded: Int(rng.next() % spread) - Int(spread / 2)) }
        let b = (0..<length).map { _ in Int8(truncatingIfNeeded: Int(rng.next() % spread) - Int(spread / 2)) }
        var dot = 0.0
        var na = 0.0
        var nb = 0.0
        for i in 0..<length {
          dot += Double(a[i]) * Double(b[i])
          na += Double(a[i]) * Double(a[i])
          nb += Double(b[i]) * Double(b[i])
        }
        let exact = na == 0 || nb == 0 ? 0 : dot / (na.squareRoot() * nb.squareRoot())
        let fixed = Double(CosineSimilarity.between(a.span, b.span)) / 65536
        #expect(abs(fixed - exact) <= 1.0 / 65536, "length \(length)")
        let fa = a.map { Float($0) }
        let fb = b.map { Float($0) }
        let float = Double(FloatCosineSimilarity.between(fa.span, fb.span))
        #expect(abs(float - exact) <= 1e-5, "length \(length)")
      }
    }
  }

  @Test func stridedTwinsAgreeOnColumnsOfAMatrix() throws {
    // The paper's layout: W[pre, post], cosines between post columns.
    var rng = Xorshift32(seed: 3)
    let pre = 8
    let post = 5
    let weights = (0..<(pre * post)).map { _ in Int8(truncatingIfNeeded: rng.next() % 100) }
    let floats = weights.map { Float($0) }
    var snapshot = try WeightSnapshot(preCount: pre, postCount: post, layout: .preMajor)
    snapshot.capture(weights.span, at: 0)
    for a in 0..<post {
      for b in 0..<post {
        let fixed = Float(snapshot.cosineQ16(post: a, post: b)) / 65536
        let float = FloatCosineSimilarity.between(in: floats.span, first: a, second: b, stride: post, count: pre)
        #expect(abs(fixed - float) <= 2.0 / 65536)
      }
    }
  }
}
