extension SpikingNetwork {
  /// Runs one frame as `present(_:learn: false)` does, handing every step's spikes and voltages
  /// of `recorder.layer` (and the step's input spikes) to `recorder`.
  public mutating func present(_ input: SpikePlanes, recording recorder: inout LayerRecorder) {
    precondition(input.count == description.inputCount, "input planes must match inputCount")
    precondition(recorder.layer < layers.count, "the recorded layer must exist")
    spikes.startFrame(reward: reward, description)
    inputSpikes = 0
    synapticEvents = 0
    for t in 0..<input.timesteps {
      step(input: input, t: t, learn: false)
      recorder.record(
        spikeWords: spikes.words[recorder.layer], voltage: layers[recorder.layer].voltage,
        inputSpikes: input.spikeCount(step: t))
    }
  }
}
