public import SpikeCore

/// Float twin of `SpikeFeatureExtractor`: the same front end with the float network and
/// encoder; the same events and routing (spikes are integers in both), and features that are
/// the same integers (event and spike counts).
public typealias FloatSpikeFeatureExtractor = FeatureExtractor<FloatSpikingNetwork>

extension FloatPipelineSpikeEncoder: PipelineEncoding {}

extension FloatSpikingNetwork: FrontEndNetwork {
  public typealias Encoder = FloatPipelineSpikeEncoder

  public var theta: [Float] { layers[0].theta }

  public mutating func setTheta(_ values: [Float]) {
    for j in values.indices { layers[0].adjustTheta(j, by: values[j] - layers[0].theta[j]) }
  }
}
