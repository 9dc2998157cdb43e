import Foundation
import SpikeModel
import Testing

@Suite struct BoardProfileTests {
  static let folder: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path + "/firmware-config"
  }()

  static let shipped = ["rpi-zero-2w", "rpi-4", "rpi-5", "loihi-core", "xylo"]

  /// The default Gesture-9 network: ON/OFF events of 64×64, 1024 excitatory neurons seeing
  /// the whole frame, attention d = 64, 4 heads, MLP 128, 9 classes.
  static let gesture9 = NetworkFootprint(
    encoderChannels: 2,
    layers: [.init(name: "columns", neurons: 1024, fanIn: 8192, learning: true)],
    attention: .init(
      tokens: 8, features: 512, width: 64, heads: 4, hidden: 128, classes: 9),
    classes: 9)

  static func json(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/\(name).json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  static func parse(_ object: [String: Any]) throws(BoardProfileError) -> BoardProfile {
    let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
    return try BoardProfile.parse(data, file: "edited.json")
  }

  @Test(arguments: shipped)
  func everyShippedProfileParsesAndValidates(name: String) throws {
    let profile = try BoardProfile.load(path: Self.folder + "/\(name).json")
    #expect(profile.name == name)
    #expect(profile.rings.featureSlots >= profile.window)
    // Every profile runs some network: the default one on CPU boards, a small one on chips.
    let network =
      profile.neuromorphic == nil
      ? Self.gesture9
      : NetworkFootprint(
        encoderChannels: 1,
        layers: [
          .init(name: "hidden", neurons: 256, fanIn: profile.input.width * profile.input.height)
        ],
        attention: .init(
          tokens: 8, features: 512, width: 16, heads: 2, hidden: 32, classes: 9),
        classes: 9)
    let map = try network.check(on: profile)
    #expect(map.hostBytes <= profile.memoryBudgetBytes)
    #expect(map.items.contains { $0.name == "frame ring" })
  }

  @Test func neuromorphicLimitsAreThoseOfTheChips() throws {
    let loihi = try BoardProfile.load(path: Self.folder + "/loihi-core.json")
    #expect(loihi.neuromorphic?.maxNeuronsPerCore == 1024)
    #expect(loihi.bits.weight == 8 && loihi.bits.state == 24)
    let xylo = try BoardProfile.load(path: Self.folder + "/xylo.json")
    #expect(xylo.limits.maxNeuronsTotal == 1000 && xylo.limits.maxInputs == 16)
    #expect(xylo.bits.weight == 8 && xylo.bits.state == 16)
    let tooMany = NetworkFootprint(
      encoderChannels: 1, layers: [.init(name: "hidden", neurons: 1001, fanIn: 16)], attention: nil,
      classes: 8)
    #expect(
      throws: BoardProfileError.exceedsLimit(
        board: "xylo", field: "limits.max_neurons_per_layer", value: 1001, limit: 1000,
        what: "layer hidden's size")
    ) { try tooMany.check(on: xylo) }
  }

  @Test func missingWrongTypedUnknownAndOutOfRangeFieldsAreNamed() throws {
    var missing = try Self.json("rpi-4")
    var limits = try #require(missing["limits"] as? [String: Any])
    limits["max_heads"] = nil
    missing["limits"] = limits
    #expect(throws: BoardProfileError.missingField(file: "edited.json", field: "limits.max_heads"))
    {
      try Self.parse(missing)
    }
    var wrongType = try Self.json("rpi-4")
    wrongType["timesteps"] = "16"
    #expect(
      throws: BoardProfileError.wrongType(
        file: "edited.json", field: "timesteps", expected: "a whole number")
    ) {
      try Self.parse(wrongType)
    }
    var unknown = try Self.json("rpi-4")
    limits = try #require(unknown["limits"] as? [String: Any])
    limits["max_neuron"] = 5
    unknown["limits"] = limits
    #expect(throws: BoardProfileError.unknownField(file: "edited.json", field: "limits.max_neuron"))
    {
      try Self.parse(unknown)
    }
    let ranges: [(String, String, Any, String)] = [
      ("bits", "state", 32, "bits.state"),
      ("bits", "weight", 16, "bits.weight"),
      ("camera", "pixel_format", "H264", "camera.pixel_format"),
      ("camera", "device", "video0", "camera.device"),
      ("rings", "feature_slots", 4, "rings.feature_slots"),
      ("input", "scaled_height", 10, "input.scaled_height"),
      ("", "memory_budget_bytes", -1, "memory_budget_bytes"),
      ("", "timesteps", 0, "timesteps"),
    ]
    for (object, key, value, field) in ranges {
      var edited = try Self.json("rpi-4")
      if object.isEmpty {
        edited[key] = value
      } else {
        var inner = try #require(edited[object] as? [String: Any])
        inner[key] = value
        edited[object] = inner
      }
      #expect {
        _ = try Self.parse(edited)
      } throws: { error in
        guard case .outOfRange(let file, let named, _, _) = error as? BoardProfileError else {
          return false
        }
        return file == "edited.json" && named == field
      }
    }
  }

  @Test func unreadableAndMalformedFilesAreRefused() throws {
    #expect(throws: BoardProfileError.self) {
      try BoardProfile.load(path: "/nonexistent/board.json")
    }
    let text = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/rpi-5.json"))
    #expect {
      _ = try BoardProfile.parse(text.prefix(text.count / 2), file: "half.json")
    } throws: { error in
      guard case .malformedJSON(let file, _) = error as? BoardProfileError else { return false }
      return file == "half.json"
    }
    #expect(
      throws: BoardProfileError.wrongType(
        file: "list.json", field: "(top level)", expected: "a JSON object")
    ) {
      try BoardProfile.parse(Data("[1]".utf8), file: "list.json")
    }
  }

  /// The same network on a board with an 8 MiB budget: refused, with every item in the message.
  @Test func tooBigNetworkIsRefusedWithTheItemisedMap() throws {
    var small = try Self.json("rpi-zero-2w")
    small["memory_budget_bytes"] = 8 << 20
    let profile = try Self.parse(small)
    let map = MemoryMap(network: Self.gesture9, profile: profile)
    // 1024 × 8192 int8 weights alone are 8 MiB.
    #expect(map.items.first { $0.name == "columns weights" }?.bytes == 1024 * 8192)
    #expect(map.hostBytes == map.items.reduce(0) { $0 + $1.bytes })
    do {
      try Self.gesture9.check(on: profile)
      Issue.record("a network larger than the budget was accepted")
    } catch {
      guard case .doesNotFit(_, let needed, let available, _, let text) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(needed == map.hostBytes && available == 8 << 20)
      for item in map.items { #expect(text.contains(item.name)) }
      #expect(error.description.contains("does not fit"))
    }
  }

  /// On the Loihi-like chip a layer takes ⌈neurons / 1024⌉ cores or more if its synapses need
  /// more memory; 8192 neurons × 4096 synapses (32 MiB) exceed the 128 × 128 KiB of the chip.
  @Test func neuromorphicCoreMemoryIsChecked() throws {
    let loihi = try BoardProfile.load(path: Self.folder + "/loihi-core.json")
    let fits = NetworkFootprint(
      encoderChannels: 1, layers: [.init(name: "hidden", neurons: 2048, fanIn: 1024)],
      attention: .init(
        tokens: 8, features: 512, width: 32, heads: 2, hidden: 64, classes: 9),
      classes: 9)
    let map = try fits.check(on: loihi)
    // 2048 × 1024 weights + state + planes ≈ 2.04 MiB → 17 cores by memory (2 by neurons).
    #expect(map.coresNeeded == 17)
    let big = NetworkFootprint(
      encoderChannels: 4, layers: [.init(name: "hidden", neurons: 8192, fanIn: 4096)],
      attention: nil, classes: 9)
    #expect {
      try big.check(on: loihi)
    } throws: { error in
      guard case .doesNotFit(_, _, _, let unit, let text) = error as? BoardProfileError else {
        return false
      }
      return unit == "bytes of core memory" && text.contains("hidden weights")
    }
  }
}
