import Foundation
import SpikeCore
import SpikeModel
import SpikeReference
import SpikeSystem
import Testing

/// `spikecam inspect`: summary, tensor table, checksum; damaged → 65, missing → 66.
@Suite struct InspectCommandTests {
  static func writeModel(_ name: String) throws -> String {
    let config = AttentionConfig(tokens: 4, features: 6, width: 8, heads: 2, hidden: 12, classes: 3)
    let path = NSTemporaryDirectory() + "spikecam-inspect-\(getpid())-\(name)"
    try AttentionModelFile.writeFloat(
      config: config, parameters: FloatAttentionParameters(randomFor: config, seed: 1),
      board: "pi4", path: path)
    return path
  }

  @Test func printsSummaryTensorsAndVerifiedChecksum() throws {
    let path = try Self.writeModel("ok.safetensors")
    let result = try runSpikeCam(["inspect", path])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    #expect(result.stdout.contains("model:       SpikeCam attention head, float, format version 2"))
    #expect(result.stdout.contains("digest:      sha256 "))
    #expect(result.stdout.contains("board:       pi4"))
    #expect(result.stdout.contains("config:      K=4 F=6 d=8 heads=2 hidden=12 classes=3"))
    #expect(result.stdout.contains(" verified\n"))
    #expect(result.stdout.contains("\nproj.weight             F32    [8, 6]           192\n"))
  }

  @Test func jsonOutputParses() throws {
    let path = try Self.writeModel("json.safetensors")
    let result = try runSpikeCam(["inspect", path, "--json"])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["kind"] as? String == "float")
    #expect((object["tensors"] as? [Any])?.count == 21)
    let checksum = try #require(object["checksum"] as? [String: Any])
    #expect(checksum["verified"] as? Bool == true)
    // The whole file's SHA-256, as sha256sum prints it.
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(checksum["sha256"] as? String == SHA256.hex(bytes))
    #expect(result.status == 0 && (checksum["sha256"] as? String)?.count == 64)
  }

  @Test func damagedFileExits65WithTheReason() throws {
    let path = try Self.writeModel("bad.safetensors")
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[bytes.count - 5] ^= 0x40
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let result = try runSpikeCam(["inspect", path])
    #expect(result.status == 65)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: \(path): __metadata__.crc32: tensor bytes have CRC32 "))
    try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: path))
    let truncated = try runSpikeCam(["inspect", path])
    #expect(truncated.status == 65)
    #expect(truncated.stderr.contains("header"))
  }

  @Test func missingFileExits66() throws {
    let result = try runSpikeCam(["inspect", "/nonexistent/model.safetensors"])
    #expect(result.status == 66)
    #expect(result.stderr == "Error: /nonexistent/model.safetensors: file: no such file\n")
  }
}
