/// The front end's `LayerOptions`: their checks against the pipeline's sizes and the synapses
/// they connect.
extension PipelineConfig {
  /// Spike channels the layer reads: `channels` per pixel.
  public var layerInputs: Int { channels * pixels }

  /// Checks `layer` against the sizes (an in-degree cannot exceed the inputs).
  func validateLayer() throws(ConfigError) {
    try layer.validate()
    try layer.model.validate(voltageDecay: network(learning: false).layers[0].neuron.voltageDecay)
    if case .inDegree(let n) = layer.connection {
      try ConfigError.check("in-degree", n, 1, layerInputs)
    }
  }

  /// Synapses the layer stores (what `snn.weight` holds): every neuron's receptive field, or
  /// as many as the chosen scheme connects (a fixed probability's are drawn from `seed`, as
  /// the network draws them).
  public var storedSynapses: Int {
    let scheme = network(learning: false).projections[0].scheme
    return Connectivity.synapseCount(
      scheme: scheme, preCount: layerInputs, postCount: neurons, seed: seed)
  }
}

extension Connectivity {
  /// Bytes of the index lists the host runtime keeps for the first projection of a network
  /// seeded `seed` with `scheme` (receptive fields: rows and blocks; random schemes: one block
  /// per neuron at most), nil for all-to-all (dense rows), computed without building it.
  public static func indexBytes(
    scheme: ConnectionScheme, preCount: Int, postCount: Int, seed: UInt32
  ) -> Int? {
    switch scheme {
    case .allToAll: return nil
    case .receptiveFields(let width, let height, let channels, let patch, let stride):
      return receptiveFieldIndexBytes(
        width: width, height: height, channels: channels, patch: patch, stride: stride,
        neurons: postCount)
    case .fixedProbability, .fixedInDegree:
      return SynapseLayout.indexBytes(
        preCount: preCount, postCount: postCount, blocks: postCount,
        pairs: synapseCount(scheme: scheme, preCount: preCount, postCount: postCount, seed: seed))
    }
  }
}
