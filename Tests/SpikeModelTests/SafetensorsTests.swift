import Foundation
import SpikeCore
import SpikeModel
import SpikeReference
import Testing

/// The safetensors reader refuses every malformed layout with a typed error naming file and field.
@Suite struct SafetensorsTests {
  static let config = AttentionConfig(
    tokens: 4, features: 6, width: 8, heads: 2, hidden: 12, classes: 3)

  static func floatImage() -> [UInt8] {
    var w = SafetensorsWriter()
    let p = FloatAttentionParameters(randomFor: config, seed: 4)
    for t in AttentionTensor.allCases { w.add(t.name, p[t], shape: t.shape(config)) }
    w.metadata = [
      "format": AttentionModelFile.format, "format_version": AttentionModelFile.formatVersion,
      "kind": "float", "board": "unit",
      "config": #"{"classes":3,"features":6,"heads":2,"hidden":12,"tokens":4,"width":8}"#,
    ]
    return w.bytes()
  }

  /// A file from a hand-written header and data buffer.
  static func image(header: String, data: [UInt8]) -> [UInt8] {
    var json = Array(header.utf8)
    while (8 + json.count) % 8 != 0 { json.append(0x20) }
    var bytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * $0)) }
    bytes += json + data
    return bytes
  }

  func kind(_ bytes: [UInt8]) -> ModelError.Kind? {
    do {
      _ = try SafetensorsFile.parse(bytes, file: "t.safetensors")
      return nil
    } catch {
      return error.kind
    }
  }

  @Test func writerOutputParsesAndRoundTripsTensors() throws {
    let p = FloatAttentionParameters(randomFor: Self.config, seed: 4)
    let file = try SafetensorsFile.parse(Self.floatImage(), file: "mem")
    #expect(file.hasChecksum)
    #expect((8 + file.headerBytes) % 8 == 0)
    let (config, loaded) = try AttentionModelFile.readFloat(file)
    #expect(config == Self.config)
    #expect(loaded == p)
    var w = SafetensorsWriter()
    w.add("a", [Int16(-2), 300], shape: [2])
    w.add("b", [UInt8(7)], shape: [1, 1])
    w.add("c", [Int32.min, 5], shape: [2])
    w.add("d", [Int8(-128), 127, 0], shape: [3])
    let f = try SafetensorsFile.parse(w.bytes(), file: "mem")
    #expect(try f.int16s("a", shape: [2]) == [-2, 300])
    #expect(try f.uint8s("b", shape: [1, 1]) == [7])
    #expect(try f.int32s("c", shape: [2]) == [Int32.min, 5])
    #expect(try f.int8s("d", shape: [3]) == [-128, 127, 0])
  }

  @Test func refusesEachKindOfDamageWithItsOwnError() {
    let f32x2 = [UInt8](repeating: 0, count: 8)
    let cases: [(String, [UInt8], ModelError.Kind)] = [
      ("short file", [1, 2, 3], .truncated),
      ("huge header length", [0, 0, 0, 0, 0, 0, 0, 1] + f32x2, .oversized),
      ("header past end", [200, 0, 0, 0, 0, 0, 0, 0, 0x7B], .truncated),
      ("not JSON", Self.image(header: "{nope", data: []), .badHeader),
      (
        "F64",
        Self.image(header: #"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, data: f32x2),
        .unsupportedDType
      ),
      (
        "shape vs bytes",
        Self.image(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: f32x2),
        .shapeMismatch
      ),
      (
        "past the buffer",
        Self.image(
          header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#, data: f32x2),
        .outOfRange
      ),
      (
        "reversed range",
        Self.image(header: #"{"a":{"dtype":"U8","shape":[0],"data_offsets":[8,0]}}"#, data: f32x2),
        .outOfRange
      ),
      (
        "overflowing shape",
        Self.image(
          header: #"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#,
          data: f32x2), .outOfRange
      ),
      (
        "overlap",
        Self.image(
          header:
            #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
          data: f32x2), .overlapping
      ),
      (
        "misaligned",
        Self.image(
          header:
            #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"b":{"dtype":"F32","shape":[1],"data_offsets":[1,5]}}"#,
          data: [0, 0, 0, 0, 0]), .misaligned
      ),
      (
        "gap",
        Self.image(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: f32x2),
        .incomplete
      ),
      (
        "trailing bytes",
        Self.image(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: f32x2),
        .incomplete
      ),
      (
        "bad checksum",
        Self.image(
          header:
            #"{"__metadata__":{"crc32":"00000000"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#,
          data: [1, 0, 0, 0, 0, 0, 0, 0]), .checksumMismatch
      ),
      (
        "metadata not strings", Self.image(header: #"{"__metadata__":{"x":1}}"#, data: []),
        .badMetadata
      ),
    ]
    for (label, bytes, expected) in cases {
      #expect(kind(bytes) == expected, "\(label)")
    }
  }

  @Test func aFlippedTensorByteFailsTheChecksumAndTheMessageSaysWhere() throws {
    var bytes = Self.floatImage()
    bytes[bytes.count - 3] ^= 0x10
    do {
      _ = try SafetensorsFile.parse(bytes, file: "model.safetensors")
      Issue.record("a damaged file was accepted")
    } catch {
      #expect(error.kind == .checksumMismatch)
      #expect(error.description.hasPrefix("model.safetensors: __metadata__.crc32: "))
    }
  }

  @Test func modelLoaderChecksDTypeShapeAndMetadata() throws {
    var w = SafetensorsWriter()
    let p = FloatAttentionParameters(randomFor: Self.config, seed: 4)
    for t in AttentionTensor.allCases where t != .headBias {
      w.add(t.name, p[t], shape: t.shape(Self.config))
    }
    w.add("head.bias", [Int32](repeating: 0, count: 3), shape: [3])
    w.metadata = try SafetensorsFile.parse(Self.floatImage(), file: "m").metadata
    w.metadata["crc32"] = nil
    let wrong = try SafetensorsFile.parse(w.bytes(), file: "m.safetensors")
    #expect(
      throws: ModelError(
        .wrongDType, file: "m.safetensors", field: "head.bias.dtype", "is I32, expected F32")
    ) {
      try AttentionModelFile.readFloat(wrong)
    }
    w.metadata["format_version"] = "9"
    let future = try SafetensorsFile.parse(w.bytes(), file: "m.safetensors")
    #expect(throws: ModelError.self) { try AttentionModelFile.readFloat(future) }
    #expect(throws: ModelError.self) {
      try SafetensorsFile.read(path: "/nonexistent/x.safetensors")
    }
  }

  @Test func fuzzedTruncationsAndByteFlipsNeverCrashTheReader() {
    let valid = Self.floatImage()
    var rng = Xorshift32(seed: 2024)
    var refused = 0
    var accepted = 0
    let cases = 6_000
    for n in 0..<cases {
      var bytes = valid
      switch n % 3 {
      case 0:
        bytes = Array(bytes.prefix(Int(rng.next() % UInt32(bytes.count))))
      case 1:
        // Flips inside the header: the part a checksum cannot protect.
        let headerEnd = 8 + Int(bytes[0]) + Int(bytes[1]) << 8
        for _ in 0..<(1 + Int(rng.next() % 3)) {
          bytes[Int(rng.next() % UInt32(headerEnd))] ^= UInt8(1 << (rng.next() % 8))
        }
      default:
        for _ in 0..<(1 + Int(rng.next() % 4)) {
          bytes[Int(rng.next() % UInt32(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
        }
      }
      do {
        let file = try SafetensorsFile.parse(bytes, file: "fuzz")
        _ = try AttentionModelFile.readFloat(file)
        accepted += 1
      } catch {
        refused += 1
      }
    }
    print("fuzz: \(cases) damaged images, \(refused) refused, \(accepted) accepted")
    #expect(refused > cases / 2)
  }
}

/// Int8 model files: a checksum-valid file with out-of-contract values is refused, not trusted.
@Suite struct QuantizedModelFileTests {
  static func model() throws -> QuantizedAttentionModel {
    let config = SafetensorsTests.config
    let p = FloatAttentionParameters(randomFor: config, seed: 6)
    let head = FloatAttentionHead(config: config, parameters: p)
    let windows = (0..<6).map { n in (0..<24).map { Float(($0 * 3 + n) % 6) } }
    return try AttentionQuantizer.quantize(
      config: config, parameters: p, ranges: AttentionCalibrator().calibrate(head, windows: windows))
  }

  @Test func refusesOutOfContractMultipliersAndShifts() throws {
    var m = try Self.model()
    let good = AttentionModelFile.quantizedImage(m, board: "b")
    _ = try AttentionModelFile.readQuantized(SafetensorsFile.parse(good, file: "ok"))
    // Write raw values the kernels would trap on, through the writer (valid checksum).
    var w = SafetensorsWriter()
    let file = try SafetensorsFile.parse(good, file: "ok")
    for t in file.tensors {
      let bytes = Array(file.data[t.range])
      switch (t.name, t.dtype) {
      case ("requant.shift", _):
        var shifts = try file.int32s(t.name, shape: t.shape)
        shifts[0] = 31
        w.add(t.name, shifts, shape: t.shape)
      case (_, .f32): w.add(t.name, try file.floats(t.name, shape: t.shape), shape: t.shape)
      case (_, .i32): w.add(t.name, try file.int32s(t.name, shape: t.shape), shape: t.shape)
      case (_, .i16): w.add(t.name, try file.int16s(t.name, shape: t.shape), shape: t.shape)
      case (_, .i8): w.add(t.name, try file.int8s(t.name, shape: t.shape), shape: t.shape)
      case (_, .u8): w.add(t.name, bytes, shape: t.shape)
      }
    }
    w.metadata = file.metadata
    let bad = try SafetensorsFile.parse(w.bytes(), file: "bad.safetensors")
    #expect(
      throws: ModelError(
        .outOfRange, file: "bad.safetensors", field: "requant.shift", "31 is not in -31...30")
    ) {
      try AttentionModelFile.readQuantized(bad)
    }
    m.logitScale = 0
    let zero = try SafetensorsFile.parse(
      AttentionModelFile.quantizedImage(m, board: "b"), file: "z")
    #expect(throws: ModelError.self) { try AttentionModelFile.readQuantized(zero) }
  }

  @Test func fuzzedInt8ImagesNeverCrashTheLoader() throws {
    let valid = AttentionModelFile.quantizedImage(try Self.model(), board: "b")
    var rng = Xorshift32(seed: 99)
    var refused = 0
    for n in 0..<2_000 {
      var bytes = valid
      if n % 2 == 0 {
        bytes = Array(bytes.prefix(Int(rng.next() % UInt32(bytes.count))))
      } else {
        for _ in 0..<(1 + Int(rng.next() % 4)) {
          bytes[Int(rng.next() % UInt32(bytes.count))] ^= UInt8(1 << (rng.next() % 8))
        }
      }
      do {
        var head = try AttentionModelFile.readQuantized(SafetensorsFile.parse(bytes, file: "f"))
          .makeHead()
        _ = head.classify([Int8](repeating: 3, count: 24))
      } catch {
        refused += 1
      }
    }
    #expect(refused > 1_000)
  }
}
