import SpikeCore

/// JSON form of the R-STDP head's sizes, as stored in `__metadata__.config` (SpikeCore stays
/// Codable-free so it compiles for Embedded Swift).
extension PopulationHeadConfig: Codable {
  enum CodingKeys: String, CodingKey {
    case tokens, features, classes, perClass, substeps, currentDecay, voltageDecay
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      tokens: try c.decode(Int.self, forKey: .tokens),
      features: try c.decode(Int.self, forKey: .features),
      classes: try c.decode(Int.self, forKey: .classes),
      perClass: try c.decode(Int.self, forKey: .perClass),
      substeps: try c.decode(Int.self, forKey: .substeps),
      currentDecay: try c.decode(Int.self, forKey: .currentDecay),
      voltageDecay: try c.decode(Int.self, forKey: .voltageDecay))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(tokens, forKey: .tokens)
    try c.encode(features, forKey: .features)
    try c.encode(classes, forKey: .classes)
    try c.encode(perClass, forKey: .perClass)
    try c.encode(substeps, forKey: .substeps)
    try c.encode(currentDecay, forKey: .currentDecay)
    try c.encode(voltageDecay, forKey: .voltageDecay)
  }
}
