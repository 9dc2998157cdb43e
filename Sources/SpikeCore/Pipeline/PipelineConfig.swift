/// The spiking front end of the classifier as a handful of integers, so a model file can store it
/// and rebuild the identical `NetworkDescription` (and its float twin) from it.
///
/// Encoder: `encoder` (frame-difference ON/OFF events by default), `timesteps` steps per frame,
/// E = `encoderChannels` spike channels per pixel. With `delayLine`, every pixel offers 2E
/// channels `(y·width + x)·2E + c`: this frame's (c < E) and the previous frame's (c ≥ E), so a
/// column sees where an edge is now *and* where it was one frame ago: the coincidence a
/// direction-selective neuron needs; with `delayFrames` D > 1 the pixel offers the D frames
/// before too, `(D + 1)·E` channels (delay d on `d·E + c`): synaptic delays of 1…D frames.
/// Layer: cortical columns on `patch × patch` receptive fields
/// moved by `stride`, `perColumn` neurons, k-WTA `winners`. Features per frame (`featureSet`
/// chooses which reach the head): the event counts
/// of each encoder channel pooled over each column's `stride × stride` cell (`>> poolShift`,
/// capped at 127), then every neuron's spike count. With `panSearch` R > 0 the frame-difference
/// encoder first compensates a global camera shift of up to R pixels per frame, and with
/// `panConsensus` only a shift the background's blocks agree on.
public struct PipelineConfig: Sendable, Equatable {
  /// Frame width in pixels.
  public var width: Int
  /// Frame height in pixels.
  public var height: Int
  /// Steps per frame, T.
  public var timesteps: Int
  /// Grey levels per frame-difference event.
  public var eventThreshold: Int
  /// Whether the previous frames' events are fed beside the current ones.
  public var delayLine: Bool
  /// Past frames the delay line offers (1…8). Files without the key read as 1, which is not
  /// written, so they keep their bytes.
  public var delayFrames: Int
  /// Receptive field side.
  public var patch: Int
  /// Receptive field step.
  public var stride: Int
  /// Neurons per column.
  public var perColumn: Int
  /// k-WTA winners per column per step.
  public var winners: Int
  /// Right shift of the pooled event counts before the int8 cap.
  public var poolShift: Int
  /// Frames per window, K (tokens of the attention head).
  public var tokens: Int
  /// Seed of the weight initialisation and learning streams.
  public var seed: UInt32
  /// Camera-pan compensation of the encoder: search radius R in pixels per frame (0…16, 0 off).
  /// Files written before it existed have no such key and decode to 0; 0 is not written, so
  /// such files keep their bytes (`PipelineConfig+Codable` in SpikeModel).
  public var panSearch: Int
  /// The rule a pan shift must pass to be compensated (`PanConsensus`); nil compensates the
  /// least-SAD shift of the whole frame, as files written before the rule existed do.
  public var panConsensus: PanConsensus?
  /// The frame-difference step's per-frame adaptation to the scene's contrast and noise
  /// (`EventThresholdAdaptation`); nil keeps `eventThreshold` fixed, as older files do.
  public var adaptiveThreshold: EventThresholdAdaptation?
  /// The spike encoder. Files without an `encoder` key decode to `.frameDifference`, which is
  /// not written, so such files keep their bytes.
  public var encoder: PipelineEncoder
  /// The layer's neuron model, connection scheme, homeostasis and STDP kernel (`LayerOptions`);
  /// the default (LIF, receptive fields, no homeostasis, exponential kernel) is not written, so
  /// files without a `layer` key keep their bytes.
  public var layer: LayerOptions
  /// Which per-frame features reach the head (pooled event counts, spike counts or both).
  /// Files without the key read as both, which is not written.
  public var featureSet: FeatureSet

  /// Creates a configuration.
  public init(
    width: Int = 64, height: Int = 64, timesteps: Int = 8, eventThreshold: Int = 16,
    delayLine: Bool = true, patch: Int = 8, stride: Int = 8, perColumn: Int = 8, winners: Int = 1,
    poolShift: Int = 5, tokens: Int = 15, seed: UInt32 = 1, panSearch: Int = 0,
    panConsensus: PanConsensus? = nil, adaptiveThreshold: EventThresholdAdaptation? = nil,
    encoder: PipelineEncoder = .frameDifference, layer: LayerOptions = .init(), delayFrames: Int = 1,
    featureSet: FeatureSet = .both
  ) {
    (self.width, self.height, self.timesteps, self.eventThreshold, self.delayLine, self.patch,
     self.stride, self.perColumn, self.winners, self.poolShift, self.tokens, self.seed,
     self.panSearch, self.panConsensus, self.adaptiveThreshold, self.encoder, self.layer,
     self.delayFrames, self.featureSet) =
      (width, height, timesteps, eventThreshold, delayLine, patch, stride, perColumn, winners,
       poolShift, tokens, seed, panSearch, panConsensus, adaptiveThreshold, encoder, layer,
       delayFrames, featureSet)
  }

  /// Spike channels per pixel the encoder emits (2 for frame difference).
  public var encoderChannels: Int { encoder.channels }
  /// Spike channels per pixel fed to the layer: the encoder's, once more per delayed frame.
  public var channels: Int { encoderChannels * (1 + delays) }
  /// Past frames fed beside the current one: `delayFrames` with the delay line, else 0.
  public var delays: Int { delayLine ? delayFrames : 0 }
  /// Columns across.
  public var columnsAcross: Int { (width - patch) / stride + 1 }
  /// Columns down.
  public var columnsDown: Int { (height - patch) / stride + 1 }
  /// Columns of the layer.
  public var columns: Int { columnsAcross * columnsDown }
  /// Neurons of the layer.
  public var neurons: Int { columns * perColumn }
  /// Pooled event counts per frame: one per column per encoder channel.
  public var pooledCount: Int { encoderChannels * columns }
  /// Pooled event counts among the features (0 when `featureSet` leaves them out).
  public var pooledFeatures: Int { featureSet.hasPooled ? pooledCount : 0 }
  /// Spike counts among the features (0 when `featureSet` leaves them out).
  public var spikeFeatures: Int { featureSet.hasSpikes ? neurons : 0 }
  /// Features per frame: the pooled event counts, then one spike count per neuron, as
  /// `featureSet` keeps them.
  public var features: Int { pooledFeatures + spikeFeatures }
  /// Pixels per frame.
  public var pixels: Int { width * height }
  /// Whole frames the encoder keeps: the reference, plus previous and shifted with a pan search,
  /// or previous alone with an adaptive threshold.
  public var encoderFrames: Int { panSearch > 0 ? 3 : (adaptiveThreshold != nil ? 2 : 1) }

  /// Checks the sizes; a message says which value to change.
  public func validate() throws(ConfigError) {
    try ConfigError.check("width", width, 4, 1024)
    try ConfigError.check("height", height, 4, 1024)
    try ConfigError.check("timesteps", timesteps, 1, 64)
    try ConfigError.check("eventThreshold", eventThreshold, 1, 255)
    try ConfigError.check("patch", patch, 1, min(width, height))
    try ConfigError.check("stride", stride, 1, patch)
    try ConfigError.check("perColumn", perColumn, 1, 1024)
    try ConfigError.check("winners", winners, 0, perColumn)
    try ConfigError.check("poolShift", poolShift, 0, 16)
    try ConfigError.check("tokens", tokens, 1, 64)
    try ConfigError.check("delayFrames", delayFrames, 1, 8)
    try ConfigError.check("panSearch", panSearch, 0, 16)
    if case .gaussian(let fields) = encoder {
      try ConfigError.check("gaussian fields", fields, 1, 16)
    }
    if panSearch > 0 && encoder != .frameDifference {
      throw .inconsistent(
        "panSearch works with the frame-difference encoder only; set panSearch to 0 or use "
          + "the frame-difference encoder (encoder is \(encoder.name))")
    }
    if panSearch > 0 {
      try ConfigError.check("width", width, 2 * panSearch + 1, 1024)
      try ConfigError.check("height", height, 2 * panSearch + 1, 1024)
    }
    if let panConsensus {
      guard panSearch > 0 else {
        throw .inconsistent("panConsensus needs a pan search; set panSearch above 0 or drop panConsensus")
      }
      try ConfigError.check("panConsensus.grid", panConsensus.grid, 2, 8)
      try ConfigError.check("panConsensus.margin", panConsensus.margin, 0, 64)
      try ConfigError.check("panConsensus.quorum", panConsensus.quorum, 1, 100)
      try ConfigError.check("width", width, 2 * panSearch + panConsensus.grid, 1024)
      try ConfigError.check("height", height, 2 * panSearch + panConsensus.grid, 1024)
    }
    if let adaptiveThreshold {
      guard encoder == .frameDifference else {
        throw .inconsistent(
          "adaptiveThreshold works with the frame-difference encoder only (encoder is \(encoder.name))")
      }
      let a = adaptiveThreshold
      try ConfigError.check("adaptiveThreshold.rangeReference", a.rangeReference, 1, 255)
      try ConfigError.check("adaptiveThreshold.noiseGain", a.noiseGain, 0, 64)
      try ConfigError.check("adaptiveThreshold.minimum", a.minimum, 1, 255)
      try ConfigError.check("adaptiveThreshold.maximum", a.maximum, a.minimum, 255)
    }
    try ConfigError.check("neurons", neurons, 1, 1 << 16)
    try validateLayer()
  }

  /// The network: input —STDP→ columns. With `learning` false the adaptive threshold is frozen
  /// (θ⁺ = 0, no θ decay): θ learned in training is loaded and stays fixed, so a decision never
  /// depends on what the network saw before (clips in any order give the same result).
  public func network(learning: Bool) -> NetworkDescription {
    var d = NetworkDescription.corticalColumns(
      width: width, height: height, channels: channels, columns: columns, perColumn: perColumn,
      winners: winners, field: (patch, stride), seed: seed, options: layer)
    if !learning {
      d.layers[0].neuron.thetaPlus = 0
      d.layers[0].neuron.thetaDecay = 0
    }
    return d
  }
}
