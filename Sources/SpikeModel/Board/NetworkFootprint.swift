import SpikeCore

/// The sizes of a configured network that decide its memory: what `MemoryMap` itemises. It is
/// a plain description (no weights), so a configuration can be checked against a board before
/// anything is allocated.
public struct NetworkFootprint: Sendable, Equatable {
  /// One spiking layer.
  public struct SpikingLayer: Sendable, Equatable {
    public var name: String
    public var neurons: Int
    /// Synapses per neuron (all-to-all: the layer's input count).
    public var fanIn: Int
    /// Keeps STDP traces (learning on the device).
    public var learning: Bool
    /// Keeps R-STDP eligibility per synapse.
    public var rewardModulated: Bool
    /// Bytes of the index lists the host runtime keeps beside the connected weights of a
    /// sparse projection (receptive fields: rows and blocks, `SynapseLayout`); nil for
    /// all-to-all. A neuromorphic core's routing tables are not counted.
    public var hostIndexBytes: Int?
    /// Of `fanIn`, the inputs that are not the previous layer's neurons (the R-STDP head also
    /// reads the pooled encoder counts).
    public var extraInputs = 0

    public init(
      name: String, neurons: Int, fanIn: Int, learning: Bool = false, rewardModulated: Bool = false,
      hostIndexBytes: Int? = nil, extraInputs: Int = 0
    ) {
      (self.extraInputs, self.name, self.neurons, self.fanIn, self.learning, self.rewardModulated,
       self.hostIndexBytes) =
        (extraInputs, name, neurons, fanIn, learning, rewardModulated, hostIndexBytes)
    }
  }

  /// Spike inputs per pixel (1 for TTFS/rate, 2 for ON/OFF events, m for Gaussian fields).
  public var encoderChannels: Int
  public var layers: [SpikingLayer]
  /// The int8 attention block and classifier over the last K feature vectors; nil for the
  /// paper's R-STDP head (class populations are a spiking layer).
  public var attention: AttentionConfig?
  public var classes: Int

  public init(encoderChannels: Int, layers: [SpikingLayer], attention: AttentionConfig?, classes: Int) {
    (self.encoderChannels, self.layers, self.attention, self.classes) =
      (encoderChannels, layers, attention, classes)
  }

  /// Whole input frames the encoder keeps: its reference image, plus the previous frame and a
  /// shift buffer when it compensates camera pans (`PipelineConfig.panSearch`).
  public var encoderFrames = 1

  /// Width of the per-frame feature vector when it is not the last layer's spike counts (the
  /// R-STDP head's populations come after the feature ring).
  public var features: Int?

  /// Width of the per-frame feature vector: the last layer's spike counts unless `features`.
  public var featureWidth: Int { features ?? layers.last?.neurons ?? 0 }
}
