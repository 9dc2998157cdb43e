import Testing

@testable import SpikeCore

@Suite struct IntegerSquareRootTests {
  /// r = ⌊√n⌋ exactly when r² ≤ n < (r+1)², checked in 128 bits (a wider oracle).
  static func isFloorRoot(_ r: UInt64, of n: UInt64) -> Bool {
    let r2 = UInt128(r) * UInt128(r)
    let next = UInt128(r + 1) * UInt128(r + 1)
    return r2 <= UInt128(n) && UInt128(n) < next
  }

  @Test func exhaustiveBelowTwoToThe20() {
    var failures = 0
    for n in UInt64(0)..<(1 << 20) where !Self.isFloorRoot(IntegerSquareRoot.floor(n), of: n) {
      failures += 1
    }
    #expect(failures == 0)
  }

  @Test func squaresTheirNeighboursAndTheTopOfTheRange() {
    var rng = Xorshift32(seed: 99)
    for _ in 0..<20_000 {
      let root = UInt64(rng.next())  // any 32-bit root: its square fits 64 bits
      let square = root * root
      #expect(IntegerSquareRoot.floor(square) == root)
      if square > 0 { #expect(IntegerSquareRoot.floor(square - 1) == root - 1) }
      if root < UInt64(UInt32.max) { #expect(IntegerSquareRoot.floor(square + 2 * root) == root) }
      let n = UInt64(rng.next()) << 32 | UInt64(rng.next())
      #expect(Self.isFloorRoot(IntegerSquareRoot.floor(n), of: n), "n = \(n)")
    }
    #expect(IntegerSquareRoot.floor(UInt64.max) == UInt64(UInt32.max))
    #expect(Self.isFloorRoot(IntegerSquareRoot.floor(UInt64.max - 1), of: UInt64.max - 1))
  }
}

@Suite struct CosineSimilarityTests {
  @Test func knownAngles() {
    let a: [Int8] = [3, 4, 0]
    #expect(CosineSimilarity.between(a.span, a.span) == 65536)
    let minusA: [Int8] = [-3, -4, 0]
    #expect(CosineSimilarity.between(a.span, minusA.span) == -65536)
    let orthogonal: [Int8] = [4, -3, 7]
    #expect(CosineSimilarity.between(a.span, orthogonal.span) == 0)
    // [1,1] · [1,0]: cos 45° = 0.70710678 → 46341 in Q16 (the case a plain ⌊√(na·nb)⌋ gets wrong).
    let diagonal: [Int8] = [1, 1]
    let axis: [Int8] = [1, 0]
    #expect(CosineSimilarity.between(diagonal.span, axis.span) == 46341)
    let zero: [Int8] = [0, 0, 0]
    #expect(CosineSimilarity.between(a.span, zero.span) == 0)
  }

  @Test func scaleInvariantAndSymmetric() {
    var rng = Xorshift32(seed: 5)
    for _ in 0..<200 {
      let a = (0..<50).map { _ in Int8(truncatingIfNeeded: rng.next() % 61) - 30 }
      let b = (0..<50).map { _ in Int8(truncatingIfNeeded: rng.next() % 61) - 30 }
      let doubled = a.map { $0 * 2 }
      let ab = CosineSimilarity.between(a.span, b.span)
      #expect(ab == CosineSimilarity.between(b.span, a.span))
      #expect(abs(ab - CosineSimilarity.between(doubled.span, b.span)) <= 1)
    }
  }

  @Test func hugeVectorsStayExact() {
    // 2²⁰ weights of ±127: norms near 2³⁴, their product past 64 bits.
    let n = 1 << 20
    let a = [Int8](repeating: 127, count: n)
    var b = [Int8](repeating: 127, count: n)
    for i in 0..<(n / 2) { b[i] = -127 }
    #expect(CosineSimilarity.between(a.span, a.span) == 65536)
    #expect(CosineSimilarity.between(a.span, b.span) == 0)
  }
}

@Suite struct WeightSnapshotTests {
  @Test func bothLayoutsGiveTheSameWeightsAndCosines() throws {
    // 4 inputs × 3 outputs; post 0 and post 2 have parallel incoming weights.
    let byPost: [[Int8]] = [[1, 2, 3, 4], [4, 0, -4, 0], [2, 4, 6, 8]]
    var postMajor = try WeightSnapshot(preCount: 4, postCount: 3, layout: .postMajor)
    var preMajor = try WeightSnapshot(preCount: 4, postCount: 3, layout: .preMajor)
    let postOrder = byPost.flatMap { $0 }
    let preOrder = (0..<4).flatMap { pre in (0..<3).map { byPost[$0][pre] } }
    postMajor.capture(postOrder.span, at: 10)
    preMajor.capture(preOrder.span, at: 10)
    #expect(postMajor.step == 10 && preMajor.step == 10)
    for pre in 0..<4 {
      for post in 0..<3 {
        #expect(postMajor.weight(pre: pre, post: post) == preMajor.weight(pre: pre, post: post))
      }
    }
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
      #expect(postMajor.cosineQ16(post: a, post: b) == preMajor.cosineQ16(post: a, post: b))
    }
    #expect(postMajor.cosineQ16(post: 0, post: 2) == 65536)
    // [1,2,3,4]·[4,0,−4,0] = −8; norms √30 and √32 → −0.258199 → −16921.
    #expect(postMajor.cosineQ16(post: 0, post: 1) == -16921)
  }

  @Test func refusesEmptyProjections() {
    #expect(
      throws: RecordingError.sizeOutOfRange(name: "preCount", value: 0, allowed: 1...(1 << 24))
    ) {
      _ = try WeightSnapshot(preCount: 0, postCount: 3, layout: .preMajor)
    }
  }
}

@Suite struct SpikeRasterTests {
  @Test func recordsEachNeuronsStepsAndCountsOverflow() throws {
    var raster = try SpikeRaster(neuronCount: 130, capacityPerNeuron: 3)
    var planes = SpikePlanes(count: 130, timesteps: 5)
    for t in 0..<5 {
      planes.set(step: t, channel: 129)
      if t % 2 == 0 { planes.set(step: t, channel: 64) }
    }
    planes.set(step: 3, channel: 0)
    raster.recordAll(planes, firstTime: 100)
    #expect(Array(raster.spikeSteps(of: 0)) == [103])
    #expect(Array(raster.spikeSteps(of: 64)) == [100, 102, 104])
    #expect(Array(raster.spikeSteps(of: 129)) == [100, 101, 102])
    #expect(raster.dropped == 2 && raster.storedSpikes == 7 && raster.spikeSteps(of: 1).isEmpty)
    raster.reset()
    #expect(raster.storedSpikes == 0 && raster.dropped == 0)
  }
}

@Suite struct MembraneTraceRecorderTests {
  @Test func ringKeepsTheNewestSamplesInOrder() throws {
    var recorder = try MembraneTraceRecorder(watching: [2, 0], layerSize: 3, capacity: 4)
    for step in 0..<6 {
      let layer: [Int32] = [Int32(step), -1, Int32(100 + step)]
      recorder.record(layer.span)
    }
    #expect(recorder.recorded == 6 && recorder.count == 4)
    #expect(recorder.trace(slot: 0) == [102, 103, 104, 105])
    #expect(recorder.trace(slot: 1) == [2, 3, 4, 5])
    recorder.reset()
    #expect(recorder.count == 0)
    let single: [Int32] = [7, 8, 9]
    recorder.record(single.span)
    #expect(recorder.trace(slot: 0) == [9])
  }

  @Test func refusesNeuronsOutsideTheLayer() {
    #expect(throws: RecordingError.neuronOutOfRange(index: 3, layerSize: 3)) {
      _ = try MembraneTraceRecorder(watching: [3], layerSize: 3, capacity: 4)
    }
    #expect(throws: RecordingError.self) {
      _ = try MembraneTraceRecorder(watching: [0], layerSize: 3, capacity: 0)
    }
  }
}
