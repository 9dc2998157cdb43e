/// The JSON a model file's header holds (RFC 8259), read without Foundation: objects, arrays,
/// strings, integers, booleans, null. Numbers with a fraction or an exponent are kept as
/// "not an integer" (no model field needs one). Depth is bounded, a key given twice is refused
/// (two readers must never see two values), and keys are compared as UTF-8 bytes, so no Unicode
/// tables are linked.
indirect enum HeaderJSON {
  case null
  case bool(Bool)
  /// An integer that fits `Int64` (whatever the width of `Int`, so a 32-bit board reads what a
  /// 64-bit host wrote); nil for any other number.
  case number(Int64?)
  case string(String)
  case array([HeaderJSON])
  case object([Member])

  /// One `"key": value` of an object, in file order.
  struct Member {
    var key: String
    var value: HeaderJSON
  }

  /// The deepest nesting a model header needs is 3 (header → tensor → shape); 16 leaves room.
  static let maximumDepth = 16

  /// Parses a whole document; `what` names it in messages.
  static func parse(_ bytes: UnsafeRawBufferPointer, what: String) throws(BoardError) -> HeaderJSON
  {
    var reader = Reader(bytes: bytes, what: what)
    let value = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.offset == bytes.count else { throw reader.error("text after the JSON value") }
    return value
  }

  /// Parses the JSON held in a string (the model's metadata values are JSON text).
  static func parse(_ text: String, what: String) throws(BoardError) -> HeaderJSON {
    var copy = text
    return try copy.withUTF8 { utf8 in
      Result { () throws(BoardError) in try parse(UnsafeRawBufferPointer(utf8), what: what) }
    }.get()
  }

  /// The value of member `key` of an object.
  subscript(key: String) -> HeaderJSON? {
    guard case .object(let members) = self else { return nil }
    for m in members where m.key.utf8.elementsEqual(key.utf8) { return m.value }
    return nil
  }

  /// The integer, when it also fits `Int`.
  var int: Int? { int64.flatMap { Int(exactly: $0) } }

  var int64: Int64? {
    if case .number(let n) = self { return n }
    return nil
  }

  var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  var bool: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  var array: [HeaderJSON]? {
    if case .array(let items) = self { return items }
    return nil
  }

  var members: [Member]? {
    if case .object(let members) = self { return members }
    return nil
  }

  /// A recursive-descent reader over the bytes.
  private struct Reader {
    let bytes: UnsafeRawBufferPointer
    let what: String
    var offset = 0

    func error(_ reason: String) -> BoardError {
      BoardError(BoardError.badInput, "\(what): not valid JSON at byte \(offset): \(reason)")
    }

    mutating func skipSpace() {
      while offset < bytes.count,
        bytes[offset] == 0x20 || bytes[offset] == 0x0A || bytes[offset] == 0x0D
          || bytes[offset] == 0x09
      {
        offset += 1
      }
    }

    mutating func expect(_ byte: UInt8) throws(BoardError) {
      skipSpace()
      guard offset < bytes.count, bytes[offset] == byte else {
        throw error("expected '\(String(decoding: [byte], as: UTF8.self))'")
      }
      offset += 1
    }

    mutating func value(depth: Int) throws(BoardError) -> HeaderJSON {
      guard depth < HeaderJSON.maximumDepth else { throw error("nested too deeply") }
      skipSpace()
      guard offset < bytes.count else { throw error("the text ends where a value should be") }
      switch bytes[offset] {
      case 0x7B: return try object(depth: depth)
      case 0x5B: return try array(depth: depth)
      case 0x22: return .string(try string())
      case 0x74: return try literal("true", .bool(true))
      case 0x66: return try literal("false", .bool(false))
      case 0x6E: return try literal("null", .null)
      default: return try number()
      }
    }

    mutating func literal(_ word: StaticString, _ result: HeaderJSON) throws(BoardError)
      -> HeaderJSON
    {
      let count = word.utf8CodeUnitCount
      guard offset + count <= bytes.count else { throw error("unknown word") }
      for i in 0..<count where bytes[offset + i] != word.utf8Start[i] {
        throw error("unknown word")
      }
      offset += count
      return result
    }

    mutating func object(depth: Int) throws(BoardError) -> HeaderJSON {
      offset += 1
      var members: [Member] = []
      skipSpace()
      if offset < bytes.count, bytes[offset] == 0x7D {
        offset += 1
        return .object(members)
      }
      while true {
        skipSpace()
        guard offset < bytes.count, bytes[offset] == 0x22 else { throw error("expected a key") }
        let key = try string()
        for m in members where m.key.utf8.elementsEqual(key.utf8) {
          throw error("key '\(key)' is given twice")
        }
        try expect(0x3A)
        members.append(Member(key: key, value: try value(depth: depth + 1)))
        skipSpace()
        guard offset < bytes.count else { throw error("unterminated object") }
        if bytes[offset] == 0x7D {
          offset += 1
          return .object(members)
        }
        guard bytes[offset] == 0x2C else { throw error("expected ',' or '}'") }
        offset += 1
      }
    }

    mutating func array(depth: Int) throws(BoardError) -> HeaderJSON {
      offset += 1
      var items: [HeaderJSON] = []
      skipSpace()
      if offset < bytes.count, bytes[offset] == 0x5D {
        offset += 1
        return .array(items)
      }
      while true {
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard offset < bytes.count else { throw error("unterminated array") }
        if bytes[offset] == 0x5D {
          offset += 1
          return .array(items)
        }
        guard bytes[offset] == 0x2C else { throw error("expected ',' or ']'") }
        offset += 1
      }
    }

    /// A string; escapes decoded, UTF-16 surrogate pairs joined, control characters refused.
    mutating func string() throws(BoardError) -> String {
      offset += 1
      var out: [UInt8] = []
      while true {
        guard offset < bytes.count else { throw error("unterminated string") }
        let b = bytes[offset]
        offset += 1
        if b == 0x22 { break }
        if b < 0x20 { throw error("a control character inside a string") }
        if b != 0x5C {
          out.append(b)
          continue
        }
        guard offset < bytes.count else { throw error("unterminated escape") }
        let e = bytes[offset]
        offset += 1
        switch e {
        case 0x22, 0x5C, 0x2F: out.append(e)
        case 0x62: out.append(0x08)
        case 0x66: out.append(0x0C)
        case 0x6E: out.append(0x0A)
        case 0x72: out.append(0x0D)
        case 0x74: out.append(0x09)
        case 0x75:
          var scalar = try hex4()
          if scalar >= 0xD800 && scalar < 0xDC00 {
            guard offset + 1 < bytes.count, bytes[offset] == 0x5C, bytes[offset + 1] == 0x75 else {
              throw error("a lone UTF-16 surrogate")
            }
            offset += 2
            let low = try hex4()
            guard low >= 0xDC00 && low < 0xE000 else { throw error("a lone UTF-16 surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if scalar >= 0xDC00 && scalar < 0xE000 {
            throw error("a lone UTF-16 surrogate")
          }
          appendUTF8(scalar, to: &out)
        default: throw error("unknown escape")
        }
      }
      // Invalid UTF-8 becomes U+FFFD here; names are compared with the expected ASCII ones,
      // so a damaged name can only fail to match.
      return String(decoding: out, as: UTF8.self)
    }

    mutating func hex4() throws(BoardError) -> UInt32 {
      guard offset + 4 <= bytes.count else { throw error("short \\u escape") }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let c = bytes[offset]
        offset += 1
        let digit: UInt8
        switch c {
        case 0x30...0x39: digit = c - 0x30
        case 0x41...0x46: digit = c - 0x41 + 10
        case 0x61...0x66: digit = c - 0x61 + 10
        default: throw error("bad \\u escape")
        }
        v = v << 4 | UInt32(digit)
      }
      return v
    }

    func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
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

    /// A number: an integer that fits `Int64`, or `.number(nil)` for a valid number of another
    /// kind (fraction, exponent, too large).
    mutating func number() throws(BoardError) -> HeaderJSON {
      let start = offset
      var negative = false
      if offset < bytes.count, bytes[offset] == 0x2D {
        negative = true
        offset += 1
      }
      var magnitude: Int64 = 0
      var fits = true
      var digits = 0
      while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 {
        let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
        let (m2, o2) = m1.addingReportingOverflow(Int64(bytes[offset] - 0x30))
        if o1 || o2 { fits = false }
        magnitude = m2
        digits += 1
        offset += 1
      }
      guard digits > 0 else {
        offset = start
        throw error("expected a value")
      }
      guard digits == 1 || bytes[start + (negative ? 1 : 0)] != 0x30 else {
        throw error("a number with a leading zero")
      }
      var integral = true
      if offset < bytes.count, bytes[offset] == 0x2E {
        integral = false
        offset += 1
        guard skipDigits() > 0 else { throw error("a fraction without digits") }
      }
      if offset < bytes.count, bytes[offset] == 0x65 || bytes[offset] == 0x45 {
        integral = false
        offset += 1
        if offset < bytes.count, bytes[offset] == 0x2B || bytes[offset] == 0x2D { offset += 1 }
        guard skipDigits() > 0 else { throw error("an exponent without digits") }
      }
      guard integral, fits else { return .number(nil) }
      return .number(negative ? -magnitude : magnitude)
    }

    mutating func skipDigits() -> Int {
      var n = 0
      while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 {
        offset += 1
        n += 1
      }
      return n
    }
  }
}
