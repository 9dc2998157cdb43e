import SpikeCore

/// JSON form of the front end, as stored in `__metadata__.pipeline` (SpikeCore stays Codable-free
/// so it compiles for Embedded Swift). Keys are the property names; `panSearch`, `panConsensus`
/// (`{"grid", "margin", "quorum"}`), `adaptiveThreshold` (`{"rangeReference", "noiseGain",
/// "minimum", "maximum"}`), `encoder` (a name such as `ttfs` or `gaussian:4`), `layer`
/// (`LayerOptions`: neuron model, connection, homeostasis, STDP kernel), `delayFrames` (absent: 1)
/// and `featureSet` (`both`, `pooled` or `spikes`; absent: both) are optional.
extension PipelineConfig: Codable {
  enum CodingKeys: String, CodingKey {
    case width, height, timesteps, eventThreshold, delayLine, patch, stride, perColumn, winners
    case poolShift, tokens, seed, panSearch, panConsensus, adaptiveThreshold, encoder, layer
    case delayFrames, featureSet
  }

  enum AdaptationKeys: String, CodingKey {
    case rangeReference, noiseGain, minimum, maximum
  }

  enum ConsensusKeys: String, CodingKey {
    case grid, margin, quorum
  }

  /// Decodes a configuration; a missing `panSearch` (older files) means 0, a missing `encoder`
  /// frame difference.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let kind =
      try c.decodeIfPresent(String.self, forKey: .encoder).map {
        try c.parse($0, key: .encoder, PipelineEncoder.init(name:))
      } ?? .frameDifference
    let featureSet =
      try c.decodeIfPresent(String.self, forKey: .featureSet).map {
        try c.parse($0, key: .featureSet, FeatureSet.init(name:))
      } ?? .both
    var consensus: PanConsensus?
    if c.contains(.panConsensus) {
      let k = try c.nestedContainer(keyedBy: ConsensusKeys.self, forKey: .panConsensus)
      consensus = PanConsensus(
        grid: try k.decode(Int.self, forKey: .grid), margin: try k.decode(Int.self, forKey: .margin),
        quorum: try k.decode(Int.self, forKey: .quorum))
    }
    var adaptation: EventThresholdAdaptation?
    if c.contains(.adaptiveThreshold) {
      let k = try c.nestedContainer(keyedBy: AdaptationKeys.self, forKey: .adaptiveThreshold)
      adaptation = EventThresholdAdaptation(
        rangeReference: try k.decode(Int.self, forKey: .rangeReference),
        noiseGain: try k.decode(Int.self, forKey: .noiseGain),
        minimum: try k.decode(Int.self, forKey: .minimum),
        maximum: try k.decode(Int.self, forKey: .maximum))
    }
    self.init(
      width: try c.decode(Int.self, forKey: .width),
      height: try c.decode(Int.self, forKey: .height),
      timesteps: try c.decode(Int.self, forKey: .timesteps),
      eventThreshold: try c.decode(Int.self, forKey: .eventThreshold),
      delayLine: try c.decode(Bool.self, forKey: .delayLine),
      patch: try c.decode(Int.self, forKey: .patch),
      stride: try c.decode(Int.self, forKey: .stride),
      perColumn: try c.decode(Int.self, forKey: .perColumn),
      winners: try c.decode(Int.self, forKey: .winners),
      poolShift: try c.decode(Int.self, forKey: .poolShift),
      tokens: try c.decode(Int.self, forKey: .tokens),
      seed: try c.decode(UInt32.self, forKey: .seed),
      panSearch: try c.decodeIfPresent(Int.self, forKey: .panSearch) ?? 0,
      panConsensus: consensus, adaptiveThreshold: adaptation, encoder: kind,
      layer: try c.decodeIfPresent(LayerOptions.self, forKey: .layer) ?? LayerOptions(),
      delayFrames: try c.decodeIfPresent(Int.self, forKey: .delayFrames) ?? 1,
      featureSet: featureSet)
  }

  /// Encodes the configuration, leaving `panSearch` out when it is 0, `panConsensus` and
  /// `adaptiveThreshold` when they are nil, `encoder` when it is frame difference,
  /// `delayFrames` when it is 1 and `featureSet` when it is both.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let always: [(CodingKeys, any Encodable)] = [
      (.width, width), (.height, height), (.timesteps, timesteps), (.eventThreshold, eventThreshold),
      (.delayLine, delayLine), (.patch, patch), (.stride, stride), (.perColumn, perColumn),
      (.winners, winners), (.poolShift, poolShift), (.tokens, tokens), (.seed, seed),
    ]
    for (key, value) in always { try c.encode(value, forKey: key) }
    if panSearch != 0 { try c.encode(panSearch, forKey: .panSearch) }
    if let panConsensus {
      var k = c.nestedContainer(keyedBy: ConsensusKeys.self, forKey: .panConsensus)
      try k.encode(panConsensus.grid, forKey: .grid)
      try k.encode(panConsensus.margin, forKey: .margin)
      try k.encode(panConsensus.quorum, forKey: .quorum)
    }
    if let a = adaptiveThreshold {
      var k = c.nestedContainer(keyedBy: AdaptationKeys.self, forKey: .adaptiveThreshold)
      try k.encode(a.rangeReference, forKey: .rangeReference)
      try k.encode(a.noiseGain, forKey: .noiseGain)
      try k.encode(a.minimum, forKey: .minimum)
      try k.encode(a.maximum, forKey: .maximum)
    }
    if self.encoder != .frameDifference { try c.encode(self.encoder.name, forKey: .encoder) }
    if !layer.isDefault { try c.encode(layer, forKey: .layer) }
    if delayFrames != 1 { try c.encode(delayFrames, forKey: .delayFrames) }
    if featureSet != .both { try c.encode(featureSet.name, forKey: .featureSet) }
  }
}
