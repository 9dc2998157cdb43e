/// A configuration stored in JSON as whole numbers under their own names (a head's
/// `__metadata__.config`): one `Codable` for every such type, from its list of fields. SpikeCore
/// stays Codable-free so it compiles as Embedded Swift.
protocol IntegerFields: Codable {
  /// The fields by JSON key.
  static var fields: [(key: String, path: WritableKeyPath<Self, Int>)] { get }
  /// A value whose fields decoding then sets.
  static var blank: Self { get }
}

extension IntegerFields {
  /// Decodes every field; a missing one is an error.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: FieldKey.self)
    var value = Self.blank
    for field in Self.fields {
      value[keyPath: field.path] = try c.decode(Int.self, forKey: FieldKey(field.key))
    }
    self = value
  }

  /// Encodes every field.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: FieldKey.self)
    for field in Self.fields { try c.encode(self[keyPath: field.path], forKey: FieldKey(field.key)) }
  }
}

/// A JSON key chosen at run time.
struct FieldKey: CodingKey {
  let stringValue: String
  var intValue: Int? { nil }
  init(_ key: String) { stringValue = key }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
