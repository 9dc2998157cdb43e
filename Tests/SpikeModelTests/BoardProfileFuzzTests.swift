import Foundation
import SpikeModel
import Testing

/// Seeded mutations of every shipped profile: each is parsed or refused with a typed error
/// that names the file; nothing traps.
@Suite struct BoardProfileFuzzTests {
  @Test func mutatedProfilesAreParsedOrRefused() throws {
    var state: UInt64 = 5
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(truncatingIfNeeded: state >> 33)
    }
    var refused = 0
    for name in BoardProfileTests.shipped {
      let seed = [UInt8](
        try Data(contentsOf: URL(fileURLWithPath: BoardProfileTests.folder + "/\(name).json")))
      for _ in 0..<300 {
        var bytes = seed
        for _ in 0...(next() % 3) {
          let at = next() % bytes.count
          switch next() % 4 {
          case 0: bytes = Array(bytes.prefix(at))
          case 1: bytes[at] = UInt8(truncatingIfNeeded: next())
          case 2: bytes[at] = Array("0123456789-\"{}[],:".utf8)[next() % 18]
          default: bytes.insert(Array("9\" ".utf8)[next() % 3], at: at)
          }
          if bytes.isEmpty { break }
        }
        do {
          let profile = try BoardProfile.parse(Data(bytes), file: "fuzz.json")
          try profile.validate(file: "again.json")
        } catch {
          refused += 1
          #expect(
            error.description.contains("fuzz.json") || error.description.contains("the network"))
        }
      }
    }
    #expect(refused > 100)
  }
}
