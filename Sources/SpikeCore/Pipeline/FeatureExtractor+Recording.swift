extension FeatureExtractor where Network == SpikingNetwork {
  /// `extract(_:learn: false)` of the integer front end with every step of one layer recorded
  /// into `recorder` (spikes, watched voltages, input spikes).
  public mutating func extract(
    _ frame: UnsafeBufferPointer<UInt8>, recording recorder: inout LayerRecorder
  ) {
    encoder.encode(frame, into: &router.events)
    router.route()
    network.present(router.input, recording: &recorder)
    router.writeFeatures(spikeCounts: network.counts[0], into: &features)
  }
}
