import Testing

@testable import SpikeCore

/// The delay line with several frames (`delayFrames` D): a spike of frame t reaches the layer
/// again on channel `d·E + c` at frame t + d, for d = 1…D, and then never again; and the
/// feature set chooses which features the head gets.
@Suite struct DelayLineTests {
  @Test(arguments: [1, 2, 3])
  func aSpikeComesBackOncePerDelay(_ delays: Int) throws {
    let p = PipelineConfig(width: 16, height: 16, timesteps: 2, patch: 8, stride: 8, perColumn: 2, delayFrames: delays)
    try p.validate()
    let e = p.encoderChannels
    #expect(p.channels == e * (1 + delays))
    var router = EventRouter(config: p)
    let pixel = 5 * 16 + 9
    let channel = pixel * e + 1  // the pixel's second encoder channel
    for frame in 0...(delays + 1) {
      // As the encoder does: every frame's events are written afresh.
      router.events.clear()
      if frame == 0 { router.events.set(step: 1, channel: channel) }
      router.route()
      var seen: [Int] = []
      for k in 0..<router.input.count where router.input.isSet(step: 1, channel: k) { seen.append(k) }
      // Frame 0 shows the spike now (delay 0); frame d shows it on delay d's channels.
      let expected = frame <= delays ? [pixel * p.channels + frame * e + 1] : []
      #expect(seen == expected, "frame \(frame)")
      #expect((0..<router.input.count).allSatisfy { !router.input.isSet(step: 0, channel: $0) })
    }
    // A reset forgets every delayed frame.
    router.events.set(step: 0, channel: channel)
    router.route()
    router.reset()
    router.events.clear()
    router.route()
    #expect(router.input.totalSpikes == 0)
  }

  @Test func delayFramesAreChecked() {
    #expect(throws: ConfigError.self) { try PipelineConfig(delayFrames: 0).validate() }
    #expect(throws: ConfigError.self) { try PipelineConfig(delayFrames: 9).validate() }
    // Without the delay line the setting has no channels to add.
    #expect(PipelineConfig(delayLine: false, delayFrames: 4).channels == PipelineConfig().encoderChannels)
  }

  @Test func featureSetsCountTheirFeatures() throws {
    let both = PipelineConfig()
    var pooled = both
    pooled.featureSet = .pooled
    var spikes = both
    spikes.featureSet = .spikes
    #expect(both.features == both.pooledCount + both.neurons)
    #expect(pooled.features == both.pooledCount && spikes.features == both.neurons)
    #expect(try FeatureSet.allCases.map { try FeatureSet(name: $0.name) } == FeatureSet.allCases)
    #expect(throws: ConfigError.self) { try FeatureSet(name: "counts") }
  }
}
