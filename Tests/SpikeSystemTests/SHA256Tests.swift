import SpikeSystem
import Testing

/// SHA-256 against the FIPS 180-4 examples: one block, empty, two blocks (padding spills over),
/// and a message of exactly 64 bytes.
@Suite struct SHA256Tests {
  @Test(arguments: [
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    (String(repeating: "a", count: 64),
     "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
  ])
  func matchesPublishedDigests(_ message: String, _ expected: String) {
    #expect(SHA256.hex(Array(message.utf8)) == expected)
  }
}

/// The streaming interface gives the one-shot digest whatever the chunking.
@Suite struct SHA256StreamingTests {
  @Test func chunkedUpdatesMatchOneShot() {
    var generator = SystemRandomNumberGenerator()
    let message = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    let whole = SHA256.digest(message)
    for chunk in [1, 7, 63, 64, 65, 999] {
      var hash = SHA256()
      var i = 0
      while i < message.count {
        let end = min(i + chunk, message.count)
        hash.update(Array(message[i..<end]))
        i = end
      }
      #expect(hash.finish() == whole, "chunks of \(chunk)")
    }
    var zeros = SHA256()
    zeros.update(repeating: 0x30, count: 130)
    #expect(zeros.finish() == SHA256.digest([UInt8](repeating: 0x30, count: 130)))
  }

  @Test func hexRoundTrips() {
    #expect(Hex.encode([0, 1, 0xab, 0xff]) == "0001abff")
    #expect(Hex.decode("0001ABff") == [0, 1, 0xab, 0xff])
    #expect(Hex.decode("abc") == nil && Hex.decode("zz") == nil)
  }
}
