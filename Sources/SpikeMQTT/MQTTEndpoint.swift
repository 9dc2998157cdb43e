/// Where to publish: `mqtt://[user[:password]@]host[:port]/topic` or `mqtts://…` (TLS), with
/// RFC 3986 percent-escapes in the user, the password and the topic, and `[…]` around an IPv6
/// address. The default port is 1883 (`mqtt`) or 8883 (`mqtts`).
public struct MQTTEndpoint: Sendable, Equatable {
  /// TLS (`mqtts://`).
  public var secure: Bool
  /// Broker host name or address (without brackets).
  public var host: String
  /// Broker TCP port.
  public var port: Int
  /// User name, if any.
  public var username: String?
  /// Password, if any (never printed: `description` leaves it out).
  public var password: String?
  /// Topic the decisions go to; status, events and discovery hang below it.
  public var topic: String

  /// A malformed URL, with what to fix.
  public struct ParseError: Error, Equatable, CustomStringConvertible {
    public let description: String
  }

  /// Parses `text`; the error says what is wrong without repeating a password.
  public init(parsing text: String) throws(ParseError) {
    func fail(_ reason: String) -> ParseError {
      ParseError(
        description: "--mqtt: \(reason); expected mqtt://[user[:password]@]host[:port]/topic "
          + "or mqtts://…")
    }
    let scheme: Substring
    let rest: Substring
    if let separator = text.utf8.firstRange(of: "://".utf8) {
      scheme = text[..<separator.lowerBound]
      rest = text[separator.upperBound...]
    } else {
      throw fail("no scheme")
    }
    switch scheme.lowercased() {
    case "mqtt": secure = false
    case "mqtts": secure = true
    default: throw fail("unknown scheme '\(Self.printable(scheme))'")
    }
    guard let slash = rest.firstIndex(of: "/") else { throw fail("no topic after the host") }
    var authority = rest[..<slash]
    let path = rest[rest.index(after: slash)...]
    // The user information ends at the last '@' (a password may contain an escaped one only).
    if let at = authority.lastIndex(of: "@") {
      let userinfo = authority[..<at]
      authority = authority[authority.index(after: at)...]
      let user: Substring
      if let colon = userinfo.firstIndex(of: ":") {
        user = userinfo[..<colon]
        guard let decoded = Self.percentDecoded(userinfo[userinfo.index(after: colon)...]) else {
          throw fail("the password has a bad %-escape")
        }
        password = decoded
      } else {
        user = userinfo
        password = nil
      }
      guard let decodedUser = Self.percentDecoded(user), !decodedUser.isEmpty else {
        throw fail("empty or badly escaped user name before '@'")
      }
      username = decodedUser
    } else {
      username = nil
      password = nil
    }
    // Host and port: `[v6]:port`, `host:port`, `host`.
    var portText: Substring?
    if authority.first == "[" {
      guard let close = authority.firstIndex(of: "]") else { throw fail("'[' without ']'") }
      host = String(authority[authority.index(after: authority.startIndex)..<close])
      let after = authority[authority.index(after: close)...]
      if !after.isEmpty {
        guard after.first == ":" else { throw fail("junk after ']'") }
        portText = after.dropFirst()
      }
    } else if let colon = authority.firstIndex(of: ":") {
      host = String(authority[..<colon])
      portText = authority[authority.index(after: colon)...]
    } else {
      host = String(authority)
    }
    guard !host.isEmpty else { throw fail("no host") }
    guard host.unicodeScalars.allSatisfy(Self.isHostCharacter) else {
      throw fail("the host '\(Self.printable(Substring(host)))' has characters a host name cannot have")
    }
    if let portText {
      guard let number = Int(portText), (1...65535).contains(number) else {
        throw fail("the port must be 1...65535, got '\(Self.printable(portText))'")
      }
      port = number
    } else {
      port = secure ? 8883 : 1883
    }
    guard let decodedTopic = Self.percentDecoded(path) else { throw fail("the topic has a bad %-escape") }
    guard !decodedTopic.isEmpty else { throw fail("no topic after the host") }
    guard !decodedTopic.contains("+") && !decodedTopic.contains("#") else {
      throw fail("a topic to publish to cannot contain the wildcards + or #")
    }
    guard decodedTopic.utf8.count <= 60_000,
      !decodedTopic.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
    else {
      throw fail("the topic must be shorter than 60,000 bytes, without control characters")
    }
    topic = decodedTopic
  }

  /// The endpoint for messages: `mqtt://user@host:port/topic`, never the password.
  public var description: String {
    let user = username.map { Self.printable(Substring($0)) + (password == nil ? "@" : ":***@") } ?? ""
    let shownHost = host.contains(":") ? "[\(host)]" : host
    return (secure ? "mqtts://" : "mqtt://") + user + shownHost + ":\(port)/" + topic
  }

  /// RFC 3986 percent-decoding; nil for a bad escape or bytes that are not UTF-8.
  static func percentDecoded(_ text: Substring) -> String? {
    var bytes: [UInt8] = []
    var iterator = text.utf8.makeIterator()
    while let byte = iterator.next() {
      guard byte == UInt8(ascii: "%") else {
        bytes.append(byte)
        continue
      }
      guard let high = iterator.next().flatMap(Self.hexValue),
        let low = iterator.next().flatMap(Self.hexValue)
      else { return nil }
      bytes.append(high << 4 | low)
    }
    guard !bytes.contains(0) else { return nil }
    return String(validating: bytes, as: UTF8.self)
  }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// Letters, digits, `-`, `.`, `_` and (inside brackets) `:` and `%` of an IPv6 zone.
  static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "-", ".", "_", ":", "%": return true
    default: return false
    }
  }

  /// Text from the command line made safe to print: control characters as `?`.
  static func printable(_ text: Substring) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
  }
}
