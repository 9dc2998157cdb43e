/// A minimal JSON reader for the small metadata files next to data sets (`meta.json`), so the
/// capture module needs no Foundation. Depth and size are bounded; malformed text is an error.
enum JSONValue: Equatable {
  case null
  case bool(Bool)
  /// The number's text, as written (so integers stay exact).
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  /// Deepest nesting accepted.
  static let maxDepth = 64

  subscript(key: String) -> JSONValue? {
    if case .object(let members) = self { return members[key] }
    return nil
  }

  var int: Int? {
    if case .number(let text) = self { return Int(text) }
    return nil
  }

  var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  var array: [JSONValue]? {
    if case .array(let items) = self { return items }
    return nil
  }

  /// Parses a whole JSON document.
  package static func parse(_ bytes: [UInt8], name: String) throws(CaptureError) -> JSONValue {
    var parser = Parser(bytes: bytes, name: name)
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.i == bytes.count else { throw parser.bad("text after the JSON value") }
    return value
  }

  private struct Parser {
    let bytes: [UInt8]
    let name: String
    var i = 0

    init(bytes: [UInt8], name: String) {
      self.bytes = bytes
      self.name = name
    }

    func bad(_ reason: String) -> CaptureError {
      .badFile(path: name, reason: "JSON: \(reason) at byte \(i)")
    }

    mutating func skipSpace() {
      while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func literal(_ text: String, _ value: JSONValue) throws(CaptureError) -> JSONValue {
      let word = Array(text.utf8)
      guard bytes.count - i >= word.count, Array(bytes[i..<(i + word.count)]) == word else {
        throw bad("unexpected character")
      }
      i += word.count
      return value
    }

    mutating func value(depth: Int) throws(CaptureError) -> JSONValue {
      guard depth < JSONValue.maxDepth else {
        throw bad("nested deeper than \(JSONValue.maxDepth)")
      }
      skipSpace()
      guard i < bytes.count else { throw bad("unexpected end") }
      switch bytes[i] {
      case UInt8(ascii: "{"):
        i += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
          i += 1
          return .object(members)
        }
        while true {
          skipSpace()
          guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw bad("expected a key") }
          let key = try string()
          skipSpace()
          guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw bad("expected ':'") }
          i += 1
          members[key] = try value(depth: depth + 1)
          skipSpace()
          guard i < bytes.count else { throw bad("unexpected end") }
          if bytes[i] == UInt8(ascii: ",") {
            i += 1
          } else if bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .object(members)
          } else {
            throw bad("expected ',' or '}'")
          }
        }
      case UInt8(ascii: "["):
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
          i += 1
          return .array(items)
        }
        while true {
          items.append(try value(depth: depth + 1))
          skipSpace()
          guard i < bytes.count else { throw bad("unexpected end") }
          if bytes[i] == UInt8(ascii: ",") {
            i += 1
          } else if bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .array(items)
          } else {
            throw bad("expected ',' or ']'")
          }
        }
      case UInt8(ascii: "\""):
        return .string(try string())
      case UInt8(ascii: "t"): return try literal("true", .bool(true))
      case UInt8(ascii: "f"): return try literal("false", .bool(false))
      case UInt8(ascii: "n"): return try literal("null", .null)
      default:
        let start = i
        while i < bytes.count, Array("+-0123456789.eE".utf8).contains(bytes[i]) { i += 1 }
        guard i > start else { throw bad("unexpected character") }
        return .number(String(decoding: bytes[start..<i], as: UTF8.self))
      }
    }

    mutating func hex4() throws(CaptureError) -> UInt32 {
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

    mutating func string() throws(CaptureError) -> String {
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
            if (0xD800..<0xDC00).contains(scalar), bytes.count - i >= 6, bytes[i] == 0x5C,
              bytes[i + 1] == UInt8(ascii: "u")
            {
              i += 2
              let low = try hex4()
              if (0xDC00..<0xE000).contains(low) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
              }
            }
            out.append(
              contentsOf: Array(
                String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
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
}
