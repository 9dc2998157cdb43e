import SpikeCore

/// JSON form of the sizes, as stored in `__metadata__.config` (SpikeCore stays Codable-free so it
/// compiles for Embedded Swift).
extension AttentionConfig: Codable {
  enum CodingKeys: String, CodingKey {
    case tokens, features, width, heads, hidden, classes
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      tokens: try c.decode(Int.self, forKey: .tokens),
      features: try c.decode(Int.self, forKey: .features),
      width: try c.decode(Int.self, forKey: .width), heads: try c.decode(Int.self, forKey: .heads),
      hidden: try c.decode(Int.self, forKey: .hidden),
      classes: try c.decode(Int.self, forKey: .classes))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(tokens, forKey: .tokens)
    try c.encode(features, forKey: .features)
    try c.encode(width, forKey: .width)
    try c.encode(heads, forKey: .heads)
    try c.encode(hidden, forKey: .hidden)
    try c.encode(classes, forKey: .classes)
  }
}
