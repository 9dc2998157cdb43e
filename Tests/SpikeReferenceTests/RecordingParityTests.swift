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
        let a = (0..<length).map { _ in
          Int8(truncatingIfNeeded: Int(rng.next() % spread) - Int(spread / 2))
        }
        let b = (0..<length).map { _ in
          Int8(truncatingIfNeeded: Int(rng.next() % spread) - Int(spread / 2))
        }
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
        let float = FloatCosineSimilarity.between(
          in: floats.span, first: a, second: b, stride: post, count: pre)
        #expect(abs(fixed - float) <= 2.0 / 65536)
      }
    }
  }

  @Test func traceRecordersOfBothTwinsHoldTheSameRingOfAnAdExRun() throws {
    // Record an integer and a float AdEx neuron under 18 mV of drive (it stays subthreshold): the
    // rings must hold the same last 64 steps, agreeing within the stated 0.002 mV.
    let membrane = FloatExpLIFParameters(
      count: 2, restPotential: -70, resetPotential: -75, threshold: -30, rheobase: -50,
      sharpness: 2,
      leak: 410.0 / 4096)
    let parameters = FloatAdExParameters(
      membrane: membrane, coupling: 0.5, adaptationLeak: 41.0 / 4096, jump: 3)
    var fixed = try AdExLayer(parameters: parameters.quantized(unitsPerMillivolt: 4096))
    var float = try FloatAdExLayer(parameters: parameters)
    var fixedTrace = try MembraneTraceRecorder(watching: [1], layerSize: 2, capacity: 64)
    var floatTrace = try FloatMembraneTraceRecorder(watching: [1], layerSize: 2, capacity: 64)
    var spikes = SpikePlanes(count: 2, timesteps: 1)
    let fixedDrive: [Int32] = [0, 18 << 12]
    let floatDrive: [Float] = [0, 18]
    for _ in 0..<200 {
      fixed.step(input: fixedDrive.span, spikes: &spikes, at: 0)
      float.step(input: floatDrive.span, spikes: &spikes, at: 0)
      fixedTrace.record(fixed.potential.span)
      floatTrace.record(float.potential.span)
    }
    #expect(fixedTrace.count == 64 && floatTrace.count == 64)
    let a = fixedTrace.trace(slot: 0).map { Float($0) / 4096 }
    let b = floatTrace.trace(slot: 0)
    for i in 0..<64 { #expect(abs(a[i] - b[i]) <= 0.002, "sample \(i)") }
  }
}
