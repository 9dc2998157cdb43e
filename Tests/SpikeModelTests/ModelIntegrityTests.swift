import Foundation
import SpikeSignature
import SpikeSystem
import Testing

@testable import SpikeModel

/// Model format 2: the whole-file digest catches header edits (the issue's `eventThreshold`
/// 16 → 200 and swapped class names passed the CRC32), tensor edits and truncations; the
/// signature catches swaps; trusted keys refuse unsigned and foreign models; the parser bounds
/// what a header can cost.
@Suite struct ModelIntegrityTests {
  static let bundled = Python.packageRoot + "/calibration/gesture9-int8.safetensors"

  static func image() throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: bundled))) }

  /// `image` with the first `from` replaced by `to` (same length, so only the digest can tell).
  static func edited(_ image: [UInt8], _ from: String, _ to: String) throws -> [UInt8] {
    let needle = Array(from.utf8)
    let at = try #require(
      (0...(image.count - needle.count)).first { Array(image[$0..<($0 + needle.count)]) == needle })
    var out = image
    out.replaceSubrange(at..<(at + needle.count), with: Array(to.utf8))
    return out
  }

  static func refusal(_ bytes: [UInt8], trust: ModelTrust = ModelTrust()) -> ModelError? {
    do {
      let file = try SafetensorsFile.parse(bytes, file: "m.safetensors")
      try trust.check(file)
      _ = try ClassifierModelFile.read(file)
      return nil
    } catch { return error }
  }

  /// Every bundled model carries its whole-file digest: format 2, or 3 for the attention
  /// model with 12-bit activations.
  @Test func theBundledModelsCarryTheirDigest() throws {
    let versions = [
      "gesture9-float": "2", "gesture9-int8": "3", "gesture9-rstdp-float": "2",
      "gesture9-rstdp-int8": "2",
    ]
    for (name, version) in versions {
      let file = try SafetensorsFile.read(path: Python.packageRoot + "/calibration/\(name).safetensors")
      #expect(file.verifiedDigest != nil && file.integrityNote == nil, "\(name)")
      #expect(file.metadata["format_version"] == version, "\(name)")
    }
  }

  @Test func headerEditsAreRefused() throws {
    let good = try Self.image()
    #expect(Self.refusal(good) == nil)
    let threshold = try Self.edited(good, #"eventThreshold\":16"#, #"eventThreshold\":99"#)
    #expect(Self.refusal(threshold)?.kind == .checksumMismatch)
    let swapped = try Self.edited(good, #""left\",\"right\""#, #""right\",\"left\""#)
    #expect(Self.refusal(swapped)?.kind == .checksumMismatch)
    let board = try Self.edited(good, #""board":"rpi-4""#, #""board":"rpi-5""#)
    #expect(Self.refusal(board)?.kind == .checksumMismatch)
  }

  @Test func tensorEditsAndTruncationsAreRefused() throws {
    let good = try Self.image()
    var flipped = good
    flipped[good.count - 100] ^= 1
    #expect(Self.refusal(flipped)?.kind == .checksumMismatch)
    for cut in [7, 8, 100, 4000, good.count / 2, good.count - 1] {
      #expect(Self.refusal(Array(good.prefix(cut))) != nil, "cut at \(cut)")
    }
  }

  /// Signing raises format 1 (or no version) to 2, the first with a digest, and leaves a later
  /// version as it is: a 12-bit model stays 3, and an unknown version is not made readable.
  @Test func signingRaisesOnlyFormat1() throws {
    let signer = try Ed25519.Signer(secret: SystemRandom.bytes(32))
    let good = try SafetensorsFile.parse(Self.image(), file: "m")
    for (version, expected) in [(nil, "2"), ("1", "2"), ("2", "2"), ("3", "3"), ("9", "9")] {
      var metadata = good.metadata.filter { !["crc32", "sha256"].contains($0.key) }
      metadata["format_version"] = version
      let image = good.data.withUnsafeBytes {
        SafetensorsWriter.image(tensors: good.tensors, metadata: metadata, data: $0)
      }
      let signed = try SafetensorsFile.parse(image, file: "v").signedImage(by: signer)
      let parsed = try SafetensorsFile.parse(signed, file: "s")
      #expect(parsed.metadata["format_version"] == expected, "\(version ?? "none")")
    }
  }

  @Test func signaturesVerifyAndSwapsAreRefused() throws {
    let signer = try Ed25519.Signer(secret: SystemRandom.bytes(32))
    let other = try Ed25519.Signer(secret: SystemRandom.bytes(32))
    let key = TrustedKey(bytes: signer.publicKey)
    let good = try SafetensorsFile.parse(Self.image(), file: "m")
    let signed = good.signedImage(by: signer)
    let parsed = try SafetensorsFile.parse(signed, file: "signed")
    #expect(parsed.signer == key)
    // The tensors and the other metadata are untouched.
    #expect(parsed.tensors == good.tensors)
    for t in good.tensors { #expect(parsed.bytes(of: t) == good.bytes(of: t)) }
    for (k, v) in good.metadata where !["sha256", "format_version"].contains(k) {
      #expect(parsed.metadata[k] == v, "\(k)")
    }
    #expect(Self.refusal(signed, trust: ModelTrust(keys: [key])) == nil)
    // Another key is not trusted; an unsigned model is refused once keys are configured.
    let foreign = TrustedKey(bytes: other.publicKey)
    #expect(Self.refusal(signed, trust: ModelTrust(keys: [foreign]))?.kind == .untrusted)
    #expect(Self.refusal(try Self.image(), trust: ModelTrust(keys: [key]))?.kind == .untrusted)
    // A signature copied from another model (same signer) does not verify.
    var twin = try Self.edited(Self.image(), #""board":"rpi-4""#, #""board":"rpi-5""#)
    twin = try SafetensorsWriter.image(
      tensors: good.tensors, metadata: SafetensorsFile.parseLayout(MappedFile(copying: twin), file: "t").metadata,
      data: good.data, signingWith: signer)
    let twinFile = try SafetensorsFile.parse(twin, file: "twin")
    let mine = try #require(parsed.integrity.signature)
    let theirs = try #require(twinFile.integrity.signature)
    var swapped = twin
    swapped.replaceSubrange(theirs.range, with: Array(mine.text.utf8))
    // The digest blanks the signature, so it still matches; the signature does not.
    #expect(Self.refusal(swapped)?.kind == .badSignature)
    // Naming another signer changes the digest.
    let renamed = try Self.edited(signed, key.description, foreign.description)
    #expect(Self.refusal(renamed)?.kind == .checksumMismatch)
  }

  @Test func format1FilesLoadWithANote() throws {
    // The bundled model as format 1 wrote it: no sha256, format_version 1.
    let good = try SafetensorsFile.parse(Self.image(), file: "m")
    var meta = good.metadata
    meta["sha256"] = nil
    meta["format_version"] = "1"
    var header = JSONObject()
    var metaObject = JSONObject()
    for key in meta.keys.sorted() { metaObject.add(key, meta[key]!) }
    header.add("__metadata__", json: metaObject.json)
    for t in good.tensors {
      var entry = JSONObject()
      entry.add("data_offsets", json: JSON.array([String(t.range.lowerBound), String(t.range.upperBound)]))
      entry.add("dtype", t.dtype.name)
      entry.add("shape", json: JSON.array(t.shape.map(String.init)))
      header.add(t.name, json: entry.json)
    }
    var text = Array(header.json.utf8)
    while (8 + text.count) % 8 != 0 { text.append(0x20) }
    let old = (0..<8).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) } + text + Array(good.data)
    let file = try SafetensorsFile.parse(old, file: "old")
    #expect(file.verifiedDigest == nil && file.integrityNote != nil)
    _ = try ClassifierModelFile.read(file)
    let key = TrustedKey(bytes: [UInt8](repeating: 1, count: 32))
    #expect(Self.refusal(old, trust: ModelTrust(keys: [key]))?.kind == .untrusted)
  }

  /// Class names reach JSON lines, CSV files and terminals: one with a control character is
  /// refused even in a correctly sealed file.
  @Test func controlCharactersInClassNamesAreRefused() throws {
    let good = try SafetensorsFile.parse(Self.image(), file: "m")
    for bad in ["no\\u001b]0;x\\u0007ne", "no\\nne", "no\\u009bne"] {
      var meta = good.metadata
      meta["classes"] = try #require(meta["classes"]).replacingOccurrences(of: "\"none\"", with: "\"\(bad)\"")
      let image = SafetensorsWriter.image(tensors: good.tensors, metadata: meta, data: good.data)
      let error = Self.refusal(image)
      #expect(error?.kind == .badMetadata && error?.field == "__metadata__.classes", "\(bad)")
    }
  }

  /// The issue's 4 MiB header holding a 2M-entry shape cost 147 MB; it is refused at the 9th
  /// dimension now, and a 1 GiB file is refused before it is mapped.
  @Test func sizesAreBoundedBeforeAllocating() throws {
    var header = Array(#"{"t":{"dtype":"U8","data_offsets":[0,1],"shape":["#.utf8)
    header += Array(repeating: Array("1,".utf8), count: 2_000_000).flatMap { $0 } + Array("1]}}".utf8)
    var image = (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) }
    image += header + [0]
    let error = Self.refusal(image)
    #expect(error?.kind == .badHeader && error!.reason.contains("more than 8 items"), "\(String(describing: error))")

    let path = NSTemporaryDirectory() + "spikecam-huge-\(getpid()).safetensors"
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    defer { unlink(path) }
    #expect(truncate(path, 1 << 30) == 0)
    #expect(throws: ModelError(.oversized, file: path, field: "file", "\(1 << 30) bytes, more than the \(1 << 28)-byte limit")) {
      try SafetensorsFile.read(path: path)
    }
  }

  /// An independent implementation (tools/model_digest.py, standard-library Python) computes
  /// the same digest.
  @Test(.enabled(if: (try? Python.run("import hashlib")) != nil, "python3 is not installed"))
  func pythonComputesTheSameDigest() throws {
    let signer = try Ed25519.Signer(secret: SystemRandom.bytes(32))
    let signed = try SafetensorsFile.parse(Self.image(), file: "m").signedImage(by: signer)
    let path = Python.temporaryPath("signed.safetensors")
    try Data(signed).write(to: URL(fileURLWithPath: path))
    defer { unlink(path) }
    let digest = try Python.run(
      "import runpy, sys; sys.argv = ['model_digest', '\(path)']; "
        + "runpy.run_path('\(Python.packageRoot)/tools/model_digest.py', run_name='__main__')")
    #expect(digest.trimmingCharacters(in: .whitespacesAndNewlines)
      == (try SafetensorsFile.parse(signed, file: "s").verifiedDigest))
  }
}

/// This process's umask as an Int, read from /proc without changing it (files are written 0666
/// less the umask).
func processUmask() -> Int {
  let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  let line = status.split(separator: "\n").first { $0.hasPrefix("Umask:") } ?? "Umask: 022"
  return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) ?? 0o022
}
