/// The one JSON writer: every JSON line SpikeCam prints (`run`'s decisions and events,
/// `devices`, `inspect`, `eval`) and every JSON header it writes is built from these, so the
/// escaping is RFC 8259's everywhere. Keys are written in the order they are added.
public struct JSONObject: Sendable {
  private var text = "{"

  public init() {}

  /// The finished object.
  public var json: String { text + "}" }

  private mutating func key(_ key: String) {
    if text.utf8.count > 1 { text += "," }
    text += JSON.quoted(key) + ":"
  }

  /// A string member.
  public mutating func add(_ key: String, _ value: String) {
    self.key(key)
    text += JSON.quoted(value)
  }

  /// An integer member.
  public mutating func add(_ key: String, _ value: Int) {
    self.key(key)
    text += String(value)
  }

  /// An integer member.
  public mutating func add(_ key: String, _ value: UInt64) {
    self.key(key)
    text += String(value)
  }

  /// A boolean member.
  public mutating func add(_ key: String, _ value: Bool) {
    self.key(key)
    text += value ? "true" : "false"
  }

  /// Integer members, in the order given.
  public mutating func add(_ members: KeyValuePairs<String, Int>) {
    for (key, value) in members { add(key, value) }
  }

  /// String members, in the order given.
  public mutating func add(_ members: KeyValuePairs<String, String>) {
    for (key, value) in members { add(key, value) }
  }

  /// An object of integer members, in the order given.
  public static func of(_ members: [(String, Int)]) -> String {
    var object = JSONObject()
    for (key, value) in members { object.add(key, value) }
    return object.json
  }

  /// Every member of `other`, after this object's.
  public mutating func add(membersOf other: JSONObject) {
    // By bytes: a Character view would need Unicode's grapheme tables on a board.
    let members = other.text.utf8.dropFirst()
    guard !members.isEmpty else { return }
    if text.utf8.count > 1 { text += "," }
    text += String(decoding: members, as: UTF8.self)
  }

  /// A member whose value is JSON text already (an object or array from this writer, a number
  /// from `JSON.decimal`, `null`).
  public mutating func add(_ key: String, json: String) {
    self.key(key)
    text += json
  }
}

/// JSON text pieces.
public enum JSON {
  /// A JSON string literal (RFC 8259 §7): quote, backslash and the C0 controls escaped as
  /// required, and DEL, the C1 controls and the line/paragraph separators escaped as well so
  /// the text is inert on a terminal and in JavaScript.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x22: out += "\\\""
      case 0x5C: out += "\\\\"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      case 0x09: out += "\\t"
      case 0x08: out += "\\b"
      case 0x0C: out += "\\f"
      case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.utf8.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// `[a,b,…]` of JSON texts.
  public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

  /// `["a","b",…]`.
  public static func array(strings: [String]) -> String { array(strings.map(quoted)) }

  /// `numerator / denominator` as a decimal with `digits` fraction digits, rounded half away
  /// from zero, with integer arithmetic only (`decimal(1234, per: 1000, digits: 1)` is `1.2`).
  public static func decimal(_ numerator: Int64, per denominator: Int64, digits: Int) -> String {
    precondition(denominator > 0 && digits >= 0 && digits <= 9, "decimal needs a positive denominator")
    let negative = numerator < 0
    let magnitude = numerator.magnitude
    let d = UInt64(denominator)
    var scale: UInt64 = 1
    for _ in 0..<digits { scale *= 10 }
    var whole = magnitude / d
    // remainder · scale · 2 can pass 2^64: a full-width product and division.
    let (high, low) = (magnitude % d).multipliedFullWidth(by: scale * 2)
    var fraction = d.dividingFullWidth((high, low)).quotient
    fraction = (fraction + 1) / 2  // half away from zero
    if fraction >= scale {
      whole += 1
      fraction -= scale
    }
    var text = (negative && (whole > 0 || fraction > 0) ? "-" : "") + String(whole)
    if digits > 0 {
      let f = String(fraction)
      text += "." + String(repeating: "0", count: digits - f.utf8.count) + f
    }
    return text
  }
}
