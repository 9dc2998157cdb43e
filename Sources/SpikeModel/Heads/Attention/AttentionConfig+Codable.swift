import SpikeCore

/// JSON form of the attention head's sizes, as stored in `__metadata__.config`.
extension AttentionConfig: IntegerFields {
  static var fields: [(key: String, path: WritableKeyPath<AttentionConfig, Int>)] {
    [
      ("tokens", \.tokens), ("features", \.features), ("width", \.width), ("heads", \.heads),
      ("hidden", \.hidden), ("classes", \.classes),
    ]
  }
  static var blank: AttentionConfig {
    AttentionConfig(tokens: 0, features: 0, width: 0, heads: 0, hidden: 0, classes: 0)
  }
}
