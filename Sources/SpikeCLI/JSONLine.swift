/// The writer of `run`'s JSON lines (decisions, events, MQTT payloads): one object, keys in the
/// order they are added, strings escaped per RFC 8259. Foundation-free and float-free, so it
/// moves with the run loop.
struct JSONLine {
  private var text = "{"

  init() {}

  /// The finished object (no newline).
  var json: String { text + "}" }

  private mutating func key(_ key: String) {
    if text.utf8.count > 1 { text += "," }
    text += Self.quoted(key) + ":"
  }

  /// A string member.
  mutating func add(_ key: String, _ value: String) {
    self.key(key)
    text += Self.quoted(value)
  }

  /// An integer member.
  mutating func add(_ key: String, _ value: Int) {
    self.key(key)
    text += String(value)
  }

  /// An integer member.
  mutating func add(_ key: String, _ value: UInt64) {
    self.key(key)
    text += String(value)
  }

  /// A boolean member.
  mutating func add(_ key: String, _ value: Bool) {
    self.key(key)
    text += value ? "true" : "false"
  }

  /// A member whose value is JSON text already (an object from this writer, an array, a number
  /// from `decimal`).
  mutating func add(_ key: String, json: String) {
    self.key(key)
    text += json
  }

  /// A JSON string literal (RFC 8259 §7): quote, backslash and every control character
  /// escaped (C0 as `\n`, `\t`, … or `\u00XX`; DEL and C1 as `\u00XX` too, so the text is inert
  /// on a terminal); everything else as UTF-8.
  static func quoted(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar.value {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x08: out += "\\b"
      case 0x0C: out += "\\f"
      case 0x00..<0x20, 0x7F...0x9F:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.utf8.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// `[a,b,…]` of JSON texts.
  static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

  /// `numerator / denominator` as a decimal number with `digits` fraction digits, rounded half
  /// away from zero, in integers (`decimal(27, per: 32768, digits: 4)` is `0.0008`).
  static func decimal(_ numerator: UInt64, per denominator: UInt64, digits: Int) -> String {
    precondition(denominator > 0 && digits >= 0 && digits <= 9, "decimal: bad arguments")
    var scale: UInt64 = 1
    for _ in 0..<digits { scale *= 10 }
    var whole = numerator / denominator
    // remainder · scale · 2 may pass 2⁶⁴: divide the full-width product.
    let product = (numerator % denominator).multipliedFullWidth(by: scale * 2)
    var fraction = (denominator.dividingFullWidth(product).quotient + 1) / 2
    if fraction >= scale {
      whole += 1
      fraction -= scale
    }
    guard digits > 0 else { return String(whole) }
    let f = String(fraction)
    return String(whole) + "." + String(repeating: "0", count: digits - f.utf8.count) + f
  }
}
