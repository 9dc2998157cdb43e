import SpikeCore
import SpikeReference
import SpikeTestSupport
import Testing

/// Check values recorded with the dense-row synapse storage (before sparse projections were
/// stored compactly): the features of every frame, the weights and θ after STDP, for the
/// integer front end and its float twin, and for the generic sparse schemes. Storage is a
/// memory choice only; any change in these values means the network computes something else.
@Suite struct SynapseStorageGoldenTests {
  /// FNV-1a, 32 bits, over bytes.
  struct Digest {
    var value: UInt32 = 2_166_136_261
    mutating func add(_ byte: UInt8) { value = (value ^ UInt32(byte)) &* 16_777_619 }
    mutating func add(_ v: Int32) { for s in stride(from: 0, to: 32, by: 8) { add(UInt8(truncatingIfNeeded: v >> Int32(s))) } }
    mutating func add(_ v: Int8) { add(UInt8(bitPattern: v)) }
    mutating func add(_ v: Float) { add(Int32(bitPattern: v.bitPattern)) }
  }

  static let clips = ToyMotionClips.make(perClass: 1, seed: 7)

  /// Two clips with STDP and θ learning, then two clips frozen; digests of features, weights, θ.
  static func integerRun(_ p: PipelineConfig) throws -> [UInt32] {
    var x = try SpikeFeatureExtractor(
      config: p, network: SpikingNetwork(description: p.network(learning: true)))
    var features = Digest()
    for c in 0..<4 {
      x.reset()
      for f in 0..<ToyMotionClips.framesPerClip {
        let start = (c * ToyMotionClips.framesPerClip + f) * ToyMotionClips.frameBytes
        clips.pixels[start..<start + ToyMotionClips.frameBytes].withUnsafeBufferPointer {
          x.extract($0, learn: c < 2)
        }
        for v in x.features { features.add(v) }
      }
    }
    var weights = Digest()
    for w in x.network.weights(projection: 0) { weights.add(w) }
    var theta = Digest()
    for t in x.theta { theta.add(t) }
    return [features.value, weights.value, theta.value]
  }

  static func floatRun(_ p: PipelineConfig) throws -> [UInt32] {
    var x = try FloatSpikeFeatureExtractor(
      config: p, network: FloatSpikingNetwork(description: p.network(learning: true)))
    var features = Digest()
    for c in 0..<4 {
      x.reset()
      for f in 0..<ToyMotionClips.framesPerClip {
        let start = (c * ToyMotionClips.framesPerClip + f) * ToyMotionClips.frameBytes
        clips.pixels[start..<start + ToyMotionClips.frameBytes].withUnsafeBufferPointer {
          x.extract($0, learn: c < 2)
        }
        // Recorded when the float twin's features were real values: hash them as such.
        for v in x.features { features.add(Float(v)) }
      }
    }
    var weights = Digest()
    for w in x.network.weights(projection: 0) { weights.add(w) }
    var theta = Digest()
    for t in x.theta { theta.add(t) }
    return [features.value, weights.value, theta.value]
  }

  /// The bundled models' front end (8×8 fields, 4 channels, 512 neurons) and one with
  /// overlapping fields (16×16 moved by 8: most inputs feed four columns).
  static let configs = [
    PipelineConfig(),
    PipelineConfig(timesteps: 4, patch: 16, stride: 8, perColumn: 4, winners: 2, seed: 3),
  ]

  @Test func integerFrontEndMatchesDenseStorage() throws {
    let expected: [[UInt32]] = [
      [3_330_068_344, 653_523_796, 2_286_636_329], [3_420_560_093, 3_596_293_617, 1_868_431_788],
    ]
    for (p, e) in zip(Self.configs, expected) {
      let got = try Self.integerRun(p)
      #expect(got == e, "\(got)")
    }
  }

  @Test func floatFrontEndMatchesDenseStorage() throws {
    let expected: [[UInt32]] = [
      [763_203_941, 3_491_851_739, 611_848_236], [4_118_145_029, 1_656_795_243, 368_845_105],
    ]
    for (p, e) in zip(Self.configs, expected) {
      let got = try Self.floatRun(p)
      #expect(got == e, "\(got)")
    }
  }

  /// Random sparse schemes with STDP, and R-STDP on a receptive-field projection.
  static func sparseRun(_ scheme: ConnectionScheme, rstdp: Bool) throws -> [UInt32] {
    let columns = rstdp ? 9 : 4
    var d = NetworkDescription.corticalColumns(
      width: 16, height: 16, columns: columns, perColumn: 8, winners: 2, field: (8, 8), seed: 5)
    d.projections[0].scheme = scheme
    if rstdp {
      d.projections[0].plasticity = .rstdp(
        RSTDPParameters(
          pairing: .paperExponential(weightUnit: 2), eligibilityDecay: 200, rewardGain: 3,
          punishmentGain: 1, rewardShift: 5))
    }
    var net = try SpikingNetwork(description: d)
    var twin = try FloatSpikingNetwork(description: d)
    var planes = SpikePlanes(count: 256, timesteps: 16)
    var rng = Xorshift32(seed: 9)
    var counts = Digest()
    for frame in 0..<12 {
      for k in planes.words.indices {
        let bits = UInt64(rng.next()) << 32 | UInt64(rng.next())
        planes.words[k] = bits & 0x0111_0111_0111_0111
      }
      net.reward = .label(frame % 4)
      twin.reward = .label(frame % 4)
      net.present(planes, learn: true)
      twin.present(planes, learn: true)
      for c in net.counts[0] { counts.add(c) }
      for c in twin.counts[0] { counts.add(c) }
    }
    var weights = Digest()
    for w in net.weights(projection: 0) { weights.add(w) }
    var floats = Digest()
    for w in twin.weights(projection: 0) { floats.add(w) }
    return [counts.value, weights.value, floats.value]
  }

  @Test func sparseSchemesMatchDenseStorage() throws {
    let runs: [(ConnectionScheme, Bool)] = [
      (.fixedProbability(perMille: 300), false),
      (.fixedInDegree(40), false),
      (.receptiveFields(width: 16, height: 16, channels: 1, patch: 8, stride: 4), true),
    ]
    let expected: [[UInt32]] = [
      [425_178_917, 1_215_613_996, 509_421_160], [413_454_455, 1_311_818_203, 173_257_658],
      [4_247_176_596, 915_096_155, 2_303_879_273],
    ]
    for ((scheme, r), e) in zip(runs, expected) {
      let got = try Self.sparseRun(scheme, rstdp: r)
      #expect(got == e, "\(got)")
    }
  }
}
