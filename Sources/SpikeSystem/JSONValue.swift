/// The one JSON reader (RFC 8259) for files SpikeCam did not necessarily write: a data set's
/// `meta.json`, a model's safetensors header. No Foundation and no Unicode tables, so the board
/// and microcontroller programs compile it too. Depth, array length and object size are bounded
/// by the caller before anything grows; a key given twice is refused (two readers must never see
/// two different values); keys are compared as UTF-8 bytes, as JSON defines them (two spellings
/// of "é" are two keys); a lone UTF-16 surrogate is refused; every object member keeps the byte
/// range of its value, so a digest can blank a field by position.
public enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// The number's text, as written (so integers stay exact).
  case number(String)
  case string(String)
  case array([JSONValue])
  /// Members in file order.
  case object([JSONMember])

  /// Bounds on what one document may hold.
  public struct Limits: Sendable {
    public var depth: Int
    public var arrayItems: Int
    public var members: Int

    public init(depth: Int = 64, arrayItems: Int = 1 << 20, members: Int = 1 << 20) {
      (self.depth, self.arrayItems, self.members) = (depth, arrayItems, members)
    }
  }

  /// The value of member `key` of an object.
  public subscript(key: String) -> JSONValue? { member(key)?.value }

  /// Member `key` of an object, with the byte range of its value.
  public func member(_ key: String) -> JSONMember? {
    if case .object(let members) = self {
      for m in members where m.key.utf8.elementsEqual(key.utf8) { return m }
    }
    return nil
  }

  /// An integer written as one (no fraction, no exponent) that fits `Int`.
  public var int: Int? {
    if case .number(let text) = self { return Int(text) }
    return nil
  }

  /// An integer written as one that fits `Int64`, whatever the width of `Int` (a 32-bit board
  /// reads what a 64-bit host wrote).
  public var int64: Int64? {
    if case .number(let text) = self { return Int64(text) }
    return nil
  }

  public var bool: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  public var array: [JSONValue]? {
    if case .array(let items) = self { return items }
    return nil
  }

  public var members: [JSONMember]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// Parses a whole JSON document.
  public static func parse(_ bytes: UnsafeRawBufferPointer, limits: Limits = Limits())
    throws(JSONError) -> JSONValue
  {
    var parser = JSONParser(bytes: bytes, limits: limits)
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.i == bytes.count else { throw parser.bad("text after the JSON value") }
    return value
  }

  /// Parses a whole JSON document held in an array.
  public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(JSONError)
    -> JSONValue
  {
    try bytes.withRawBytes { (raw) throws(JSONError) in try parse(raw, limits: limits) }
  }
}

/// One member of a JSON object.
public struct JSONMember: Equatable, Sendable {
  public var key: String
  public var value: JSONValue
  /// Where the value's text is in the document (for a string, the quotes included).
  public var range: Range<Int>
}

/// Malformed JSON: what and at which byte.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
  public var reason: String
  public var offset: Int
  public var description: String { "JSON: \(reason) at byte \(offset)" }
}

struct JSONParser {
  let bytes: UnsafeRawBufferPointer
  let limits: JSONValue.Limits
  var i = 0

  init(bytes: UnsafeRawBufferPointer, limits: JSONValue.Limits) {
    (self.bytes, self.limits) = (bytes, limits)
  }

  func bad(_ reason: String) -> JSONError { JSONError(reason: reason, offset: i) }

  mutating func skipSpace() {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D {
      i += 1
    }
  }

  mutating func expect(_ byte: UInt8, _ what: String) throws(JSONError) {
    skipSpace()
    guard i < bytes.count, bytes[i] == byte else { throw bad("expected \(what)") }
    i += 1
  }

  /// After an item: true at the closing bracket, false after a comma.
  /// After an opening bracket: whether `close` follows at once (an empty object or array),
  /// consumed if so.
  mutating func opensEmpty(_ close: UInt8) -> Bool {
    skipSpace()
    guard i < bytes.count, bytes[i] == close else { return false }
    i += 1
    return true
  }

  mutating func closes(_ close: UInt8, _ what: String) throws(JSONError) -> Bool {
    skipSpace()
    guard i < bytes.count else { throw bad("unexpected end") }
    if bytes[i] == UInt8(ascii: ",") {
      i += 1
      return false
    }
    guard bytes[i] == close else { throw bad("expected ',' or '\(what)'") }
    i += 1
    return true
  }

  mutating func literal(_ text: StaticString, _ value: JSONValue) throws(JSONError) -> JSONValue {
    let count = text.utf8CodeUnitCount
    guard bytes.count - i >= count else { throw bad("unexpected character") }
    for k in 0..<count where bytes[i + k] != text.utf8Start[k] {
      throw bad("unexpected character")
    }
    i += count
    return value
  }

  mutating func value(depth: Int) throws(JSONError) -> JSONValue {
    guard depth < limits.depth else { throw bad("nested deeper than \(limits.depth)") }
    skipSpace()
    guard i < bytes.count else { throw bad("unexpected end") }
    switch bytes[i] {
    case UInt8(ascii: "{"):
      i += 1
      var members: [JSONMember] = []
      if opensEmpty(UInt8(ascii: "}")) { return .object(members) }
      repeat {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw bad("expected a key") }
        let key = try string()
        for m in members where m.key.utf8.elementsEqual(key.utf8) {
          throw bad("key '\(key)' given twice")
        }
        guard members.count < limits.members else {
          throw bad("object has more than \(limits.members) members")
        }
        try expect(UInt8(ascii: ":"), "':'")
        skipSpace()
        let start = i
        let item = try value(depth: depth + 1)
        members.append(JSONMember(key: key, value: item, range: start..<i))
      } while try !closes(UInt8(ascii: "}"), "}")
      return .object(members)
    case UInt8(ascii: "["):
      i += 1
      var items: [JSONValue] = []
      if opensEmpty(UInt8(ascii: "]")) { return .array(items) }
      repeat {
        guard items.count < limits.arrayItems else {
          throw bad("array has more than \(limits.arrayItems) items")
        }
        items.append(try value(depth: depth + 1))
      } while try !closes(UInt8(ascii: "]"), "]")
      return .array(items)
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    default:
      return .number(try number())
    }
  }

  /// RFC 8259 number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
  mutating func number() throws(JSONError) -> String {
    let start = i
    func digits(_ p: inout JSONParser) -> Int {
      let from = p.i
      while p.i < p.bytes.count, p.bytes[p.i] >= 0x30, p.bytes[p.i] <= 0x39 { p.i += 1 }
      return p.i - from
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
    let whole = i
    guard digits(&self) > 0 else { throw bad("unexpected character") }
    guard bytes[whole] != 0x30 || i - whole == 1 else { throw bad("number with a leading zero") }
    if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
      i += 1
      guard digits(&self) > 0 else { throw bad("no digits after '.'") }
    }
    if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
      i += 1
      if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
      guard digits(&self) > 0 else { throw bad("no digits in the exponent") }
    }
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
  }

  mutating func hex4() throws(JSONError) -> UInt32 {
    guard bytes.count - i >= 4 else { throw bad("short \\u escape") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[i]
      i += 1
      let d: UInt32
      switch c {
      case 0x30...0x39: d = UInt32(c - 0x30)
      case 0x41...0x46: d = UInt32(c - 0x41 + 10)
      case 0x61...0x66: d = UInt32(c - 0x61 + 10)
      default: throw bad("bad hex digit in \\u escape")
      }
      v = v << 4 | d
    }
    return v
  }

  /// The UTF-8 bytes of a scalar (no surrogates reach here).
  static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case 0..<0x80:
      out.append(UInt8(scalar))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | scalar >> 6))
      out.append(UInt8(0x80 | scalar & 0x3F))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | scalar >> 12))
      out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      out.append(UInt8(0x80 | scalar & 0x3F))
    default:
      out.append(UInt8(0xF0 | scalar >> 18))
      out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      out.append(UInt8(0x80 | scalar & 0x3F))
    }
  }

  /// A string; escapes decoded. Invalid UTF-8 becomes U+FFFD, so a damaged name can only fail
  /// to match the names a reader looks for.
  mutating func string() throws(JSONError) -> String {
    i += 1  // opening quote
    var out: [UInt8] = []
    while true {
      guard i < bytes.count else { throw bad("string never closed") }
      let c = bytes[i]
      i += 1
      switch c {
      case UInt8(ascii: "\""):
        return String(decoding: out, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard i < bytes.count else { throw bad("string never closed") }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800..<0xDC00).contains(scalar) {
            guard bytes.count - i >= 6, bytes[i] == 0x5C, bytes[i + 1] == UInt8(ascii: "u") else {
              throw bad("lone UTF-16 surrogate")
            }
            i += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw bad("lone UTF-16 surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00..<0xE000).contains(scalar) {
            throw bad("lone UTF-16 surrogate")
          }
          Self.appendUTF8(scalar, to: &out)
        default: throw bad("bad escape")
        }
      case 0x00..<0x20:
        throw bad("control character in a string")
      default:
        out.append(c)
      }
    }
  }
}
