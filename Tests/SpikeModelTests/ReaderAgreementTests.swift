import Foundation
@testable import SpikeBoard
import SpikeCore
@testable import SpikeModel
import SpikeSystem
import SpikeTestSupport
import Testing

/// Both programs check a model file's layout, JSON, checksum and digest with the same code
/// (SpikeSystem's `SafetensorsLayout`, `JSONValue`, `ModelDigest`); the board programs build
/// the int8 classifier from it with their own Foundation-free code (Board/Shared, the
/// `SpikeBoard` module here), the host with `SpikeModel`. On every file the two must agree:
/// refuse the same files, and build from the others classifiers that decide alike, bit for bit.
/// The one difference by design: the board does not check Ed25519 signatures (no Nettle there).
@Suite struct ReaderAgreementTests {
  static let seeds = Python.packageRoot + "/Tests/Fuzz/fuzz-model-image"

  /// The decisions (class, Q15 score) a reader's classifier makes on `frames`; nil when it
  /// refuses the file or does not run that kind of model.
  static func hostDecisions(_ bytes: [UInt8], _ frames: [[UInt8]]) -> [Decision?]? {
    guard let file = try? SafetensorsFile.parse(bytes, file: "m"),
      case .int8(let model) = try? ClassifierModelFile.read(file),
      file.metadata["head"] ?? "attention" == "attention",
      var pipeline = try? model.makePipeline(learning: nil)
    else { return nil }
    return frames.map { frame in frame.withUnsafeBufferPointer { pipeline.push($0) } }
  }

  static func boardDecisions(_ bytes: [UInt8], _ frames: [[UInt8]]) -> [Decision?]? {
    bytes.withUnsafeBytes { raw -> [Decision?]? in
      guard var model = try? BoardModel(SafetensorsImage(raw, file: "m")) else { return nil }
      return frames.map { frame in frame.withUnsafeBufferPointer { model.pipeline.push($0, learn: false) } }
    }
  }

  /// Frames of the model's input size with moving content, the same every run.
  static func frames(for bytes: [UInt8], count: Int = 20) -> [[UInt8]] {
    let side = (try? SafetensorsFile.parse(bytes, file: "m")).flatMap { file -> Int? in
      guard case .int8(let model) = try? ClassifierModelFile.read(file),
        let pipeline = try? model.makePipeline(learning: nil)
      else { return nil }
      return pipeline.extractor.config.width
    } ?? 64
    var rng = Xorshift32(seed: 7)
    return (0..<count).map { t in
      (0..<side * side).map { i in
        let (x, y) = (i % side, i / side)
        let bar = (x + 3 * t) % side < side / 4 ? 200 : 40
        return UInt8(truncatingIfNeeded: bar + Int(rng.next() % 16) + (y & 1))
      }
    }
  }

  static func agree(_ a: [Decision?]?, _ b: [Decision?]?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?):
      return a.count == b.count
        && zip(a, b).allSatisfy { $0?.classIndex == $1?.classIndex && $0?.score == $1?.score }
    default: return false
    }
  }

  /// The seeds and the bundled int8 models: the int8 attention ones are accepted by both and
  /// decide alike; the others (float, R-STDP, damaged) are refused by the board.
  @Test func seedsAndBundledModels() throws {
    let seeds = try FileManager.default.contentsOfDirectory(atPath: Self.seeds).map { Self.seeds + "/" + $0 }
    let bundled = try FileManager.default.contentsOfDirectory(atPath: Python.packageRoot + "/calibration")
      .filter { $0.hasSuffix("-int8.safetensors") }.map { Python.packageRoot + "/calibration/" + $0 }
    var accepted = 0
    for path in (seeds + bundled).sorted() {
      let bytes = try InputFile.read(path, limit: 64 << 20)
      let frames = Self.frames(for: bytes)
      let host = Self.hostDecisions(bytes, frames)
      let board = Self.boardDecisions(bytes, frames)
      if path.contains("signature-swap") {
        // Digest intact, signature from another file: only the host checks signatures.
        #expect(host == nil, "\(path)")
        continue
      }
      #expect(Self.agree(host, board), "\(path): host \(host == nil ? "refuses" : "accepts"), board \(board == nil ? "refuses" : "accepts")")
      if board != nil { accepted += 1 }
    }
    #expect(accepted >= 6, "int8 attention models accepted by both: \(accepted)")
  }

  /// Damaged files sealed again (a fresh CRC32 and digest), so each reader's own checks meet
  /// the damage: random bytes in the tensors (multipliers, shifts, θ, weights) and random
  /// characters in the metadata (sizes, pipeline options). Both refuse, or both accept and
  /// decide alike. Over an int8 model and one with 12-bit activations.
  @Test(arguments: ["classifier-int8-tiny", "classifier-a12-tiny"])
  func resealedDamageIsJudgedAlike(_ seed: String) throws {
    let bytes = try InputFile.read(Self.seeds + "/\(seed).safetensors", limit: 1 << 20)
    let original = try SafetensorsFile.parse(bytes, file: "m")
    let frames = Self.frames(for: bytes, count: 18)
    var rng = Xorshift32(seed: 2026)
    var (bothAccept, bothRefuse) = (0, 0)
    let keys = original.metadata.keys.sorted().filter {
      !["crc32", "sha256", "signature", "signed_by"].contains($0)
    }
    for n in 0..<400 {
      var metadata = original.metadata
      var data = Array(original.data)
      if n % 2 == 0 {
        for _ in 0..<(1 + Int(rng.next() % 3)) {
          data[Int(rng.next() % UInt32(data.count))] = UInt8(truncatingIfNeeded: rng.next())
        }
      } else {
        let key = keys[Int(rng.next() % UInt32(keys.count))]
        var text = Array(metadata[key]!.utf8)
        if !text.isEmpty {
          let alphabet = Array("0123456789-.,:{}[]\"aez ".utf8)
          text[Int(rng.next() % UInt32(text.count))] = alphabet[Int(rng.next() % UInt32(alphabet.count))]
        }
        metadata[key] = String(decoding: text, as: UTF8.self)
      }
      let damaged = data.withUnsafeBytes {
        SafetensorsWriter.image(tensors: original.tensors, metadata: metadata, data: $0)
      }
      let host = Self.hostDecisions(damaged, frames)
      let board = Self.boardDecisions(damaged, frames)
      #expect(Self.agree(host, board), "case \(n): host \(host == nil ? "refuses" : "accepts"), board \(board == nil ? "refuses" : "accepts")")
      if host == nil && board == nil { bothRefuse += 1 } else if host != nil && board != nil { bothAccept += 1 }
    }
    print("reader agreement, \(seed): 400 resealed damaged files, \(bothRefuse) refused by both, \(bothAccept) accepted by both")
    #expect(bothRefuse > 20 && bothAccept > 20)
  }

  /// `bytes` with its header text replaced by `header` (padded to 8 bytes), and the digest
  /// sealed again where every reader finds it.
  static func resealed(_ bytes: [UInt8], header: String) throws -> [UInt8] {
    let layout = try bytes.withUnsafeBytes { try SafetensorsLayout($0) }
    var json = Array(header.utf8)
    while (8 + json.count) % 8 != 0 { json.append(0x20) }
    var image = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * $0)) }
    image += json + bytes[layout.dataStart...]
    guard let fields = try? ModelDigest.fields(
      image.withUnsafeBytes { try SafetensorsLayout($0) }.metadataMembers, headerOffset: 8),
      let digest = fields.digest
    else { return image }
    let blanks = [digest.range] + (fields.signature.map { [$0.range] } ?? [])
    let text = Hex.encode(image.withUnsafeBytes { ModelDigest.digest($0, blanking: blanks) })
    image.replaceSubrange(digest.range, with: Array(text.utf8))
    return image
  }

  /// `activation_bits` spelled other ways: both readers parse it with one function
  /// (`ActivationWidth(named:)`), so "012" or "+12" is refused by both, as "16" is, and "8" (a
  /// file that then runs its 12-bit multipliers as int8, as its header says) is read by both.
  @Test func activationBitsSpellingsAreJudgedAlike() throws {
    let bytes = try InputFile.read(Self.seeds + "/classifier-a12-tiny.safetensors", limit: 1 << 20)
    let header = try Self.header(of: bytes)
    let frames = Self.frames(for: bytes, count: 12)
    for (text, accepted) in [("012", false), ("+12", false), ("12 ", false), ("16", false), ("8", true)] {
      let edited = header.replacingOccurrences(
        of: "\"activation_bits\":\"12\"", with: "\"activation_bits\":\"\(text)\"")
      try Self.expectJudgedAlike(
        bytes, header: header, edited: edited, accepted: accepted, frames: frames, name: "'\(text)'")
    }
  }

  /// The header text of `bytes`, without its padding.
  static func header(of bytes: [UInt8]) throws -> String {
    let layout = try bytes.withUnsafeBytes { try SafetensorsLayout($0) }
    return String(decoding: bytes[8..<layout.dataStart], as: UTF8.self)
      .trimmingCharacters(in: .whitespaces)
  }

  /// `bytes` resealed with the `edited` header: the host accepts it exactly when `accepted`,
  /// and the board judges it as the host does.
  static func expectJudgedAlike(
    _ bytes: [UInt8], header: String, edited: String, accepted: Bool, frames: [[UInt8]],
    name: String
  ) throws {
    #expect(edited != header, "\(name): the header did not change")
    let image = try resealed(bytes, header: edited)
    let host = hostDecisions(image, frames)
    let board = boardDecisions(image, frames)
    #expect((host != nil) == accepted, "\(name): host \(host == nil ? "refuses" : "accepts")")
    #expect(agree(host, board), "\(name): host \(host == nil ? "refuses" : "accepts"), board \(board == nil ? "refuses" : "accepts")")
  }

  /// Headers other writers could make: spaces around every separator (the digest then sits
  /// elsewhere), a checksum in capitals, a lone UTF-16 surrogate, two spellings of one accented
  /// key. Each is accepted by both readers or refused by both.
  @Test func headerSpellingsAreJudgedAlike() throws {
    let bytes = try InputFile.read(Self.seeds + "/classifier-int8-tiny.safetensors", limit: 1 << 20)
    let layout = try bytes.withUnsafeBytes { try SafetensorsLayout($0) }
    let header = try Self.header(of: bytes)
    let crc = try #require(layout.metadata("crc32"))
    let frames = Self.frames(for: bytes, count: 12)
    let cases: [(String, String, Bool)] = [
      ("spaced", header.replacingOccurrences(of: "\":", with: "\" :  ")
        .replacingOccurrences(of: ",\"", with: " ,\n\""), true),
      ("capital crc32", header.replacingOccurrences(of: crc, with: crc.uppercased()), crc == crc.uppercased()),
      ("lone surrogate", header.replacingOccurrences(of: "{\"__metadata__\":{", with: "{\"__metadata__\":{\"note\":\"\\ud800\","), false),
      ("two spellings", header.replacingOccurrences(
        of: "{\"__metadata__\":{", with: "{\"__metadata__\":{\"caf\u{E9}\":\"1\",\"cafe\u{301}\":\"2\","), true),
    ]
    for (name, text, accepted) in cases {
      try Self.expectJudgedAlike(
        bytes, header: header, edited: text, accepted: accepted, frames: frames, name: name)
    }
  }
}
