import SpikeSystem
import Testing

/// The one JSON writer escapes per RFC 8259 (and more, for terminals); the reader bounds what a
/// document can cost and refuses a key given twice.
@Suite struct JSONTests {
  @Test func stringsAreEscaped() {
    #expect(JSON.quoted("a\"b\\c") == #""a\"b\\c""#)
    #expect(JSON.quoted("\u{1B}]0;pwned\u{07}") == #""\u001b]0;pwned\u0007""#)
    #expect(JSON.quoted("line\nbreak\ttab\r") == #""line\nbreak\ttab\r""#)
    #expect(JSON.quoted("\u{7F}\u{9B}\u{2028}é") == #""\u007f\u009b\u2028é""#)
  }

  @Test func everyEscapedStringParsesBack() throws {
    let samples = ["", "plain", "\u{0}\u{1}\u{1F}", "quote\"back\\slash", "ü€😀", "\u{1B}[2J"]
    for text in samples {
      var object = JSONObject()
      object.add("k", text)
      #expect(try JSONValue.parse(Array(object.json.utf8))["k"]?.stringValue == text)
    }
  }

  @Test func decimalsUseIntegerArithmetic() {
    #expect(JSON.decimal(1234, per: 1000, digits: 1) == "1.2")
    #expect(JSON.decimal(1250, per: 1000, digits: 1) == "1.3")
    #expect(JSON.decimal(-1250, per: 1000, digits: 1) == "-1.3")
    #expect(JSON.decimal(32767, per: 32768, digits: 4) == "1.0000")
    #expect(JSON.decimal(13_059, per: 32768, digits: 4) == "0.3985")
    #expect(JSON.decimal(Int64.max, per: 1_000_000_000, digits: 3) == "9223372036.855")
    #expect(JSON.decimal(5, per: 10, digits: 0) == "1")
  }

  @Test func readerLimits() throws {
    #expect(throws: JSONError.self) { try JSONValue.parse(Array(#"{"a":1,"a":2}"#.utf8)) }
    let wide = "[" + Array(repeating: "1", count: 20).joined(separator: ",") + "]"
    #expect(throws: JSONError.self) {
      try JSONValue.parse(Array(wide.utf8), limits: .init(arrayItems: 8))
    }
    #expect(throws: JSONError.self) { try JSONValue.parse(Array("01".utf8)) }
    let doc = Array(#"{"x": "abc", "n": 12}"#.utf8)
    let value = try JSONValue.parse(doc)
    let member = try #require(value.member("x"))
    #expect(String(decoding: doc[member.range], as: UTF8.self) == "\"abc\"")
    #expect(value["n"]?.int == 12)
  }

  /// Keys are bytes, as JSON defines them: two spellings of "é" are two keys, the same
  /// spelling twice is refused; a UTF-16 surrogate without its pair is refused.
  @Test func keysAreBytesAndSurrogatesPair() throws {
    let two = try JSONValue.parse(Array("{\"caf\u{E9}\":1,\"cafe\u{301}\":2}".utf8))
    #expect(two["caf\u{E9}"]?.int == 1)
    #expect(two.members?.count == 2)
    #expect(throws: JSONError.self) { try JSONValue.parse(Array(#"{"\u00e9":1,"é":2}"#.utf8)) }
    #expect(try JSONValue.parse(Array(#""\ud83d\ude00""#.utf8)).stringValue == "😀")
    for lone in [#""\ud83d""#, #""\ude00""#, #""\ud83dx""#, #""\ud83d\u0041""#] {
      #expect(throws: JSONError.self, "\(lone)") { try JSONValue.parse(Array(lone.utf8)) }
    }
    #expect(try JSONValue.parse(Array("4294967295".utf8)).int64 == 4_294_967_295)
    #expect(try JSONValue.parse(Array("1.0".utf8)).int64 == nil)
  }

  @Test func terminalTextIsInert() {
    #expect(TerminalText.safe("ok name") == "ok name")
    #expect(TerminalText.safe("\u{1B}]0;title\u{07}x") == "?]0;title?x")
    #expect(TerminalText.safe(lines: "a\u{1B}[2J\nb") == "a?[2J\nb")
    #expect(TerminalText.safe("\u{202E}evil") == "?evil")
  }

  @Test func classNames() {
    #expect(ClassName.problem("circle_cw") == nil)
    #expect(ClassName.problem("café") == nil)
    #expect(ClassName.problem("") != nil)
    #expect(ClassName.problem("a\nb") != nil)
    #expect(ClassName.problem("a\u{1B}[31m") != nil)
    #expect(ClassName.problem("a\u{07}") != nil)
    #expect(ClassName.problem(String(repeating: "x", count: 65)) != nil)
  }
}
