import SpikeSignature
import SpikeSystem

/// Builds a safetensors image: tensors are laid out contiguously, widest dtype first, after a
/// header padded with spaces to a multiple of 8 bytes (as the Python package does), so every
/// tensor is aligned to its element size. `__metadata__` gets the CRC32 of the data buffer and
/// the whole-file SHA-256 (`ModelIntegrity`); `signedImage` adds a signature.
public struct SafetensorsWriter {
  private var entries: [(name: String, dtype: TensorDType, shape: [Int], bytes: [UInt8])] = []
  /// String pairs written to `__metadata__` (the checksums are added on `bytes()`).
  public var metadata: [String: String] = [:]

  /// An empty file.
  public init() {}

  /// Adds an F32 tensor.
  public mutating func add(_ name: String, _ values: [Float], shape: [Int]) {
    add(name, .f32, shape, values.flatMap { le($0.bitPattern) })
  }

  /// Adds an I32 tensor.
  public mutating func add(_ name: String, _ values: [Int32], shape: [Int]) {
    add(name, .i32, shape, values.flatMap { le(UInt32(bitPattern: $0)) })
  }

  /// Adds an I16 tensor.
  public mutating func add(_ name: String, _ values: [Int16], shape: [Int]) {
    add(
      name, .i16, shape,
      values.flatMap { v -> [UInt8] in
        let u = UInt16(bitPattern: v)
        return [UInt8(u & 0xFF), UInt8(u >> 8)]
      })
  }

  /// Adds an I8 tensor.
  public mutating func add(_ name: String, _ values: [Int8], shape: [Int]) {
    add(name, .i8, shape, values.map { UInt8(bitPattern: $0) })
  }

  /// Adds a U8 tensor.
  public mutating func add(_ name: String, _ values: [UInt8], shape: [Int]) {
    add(name, .u8, shape, values)
  }

  /// Adds a tensor as another file holds it (its name, dtype, shape and little-endian bytes).
  public mutating func add(raw tensor: TensorInfo, _ bytes: [UInt8]) {
    add(tensor.name, tensor.dtype, tensor.shape, bytes)
  }

  private mutating func add(_ name: String, _ dtype: TensorDType, _ shape: [Int], _ bytes: [UInt8])
  {
    precondition(shape.reduce(1, *) * dtype.size == bytes.count, "\(name): shape and data differ")
    precondition(!entries.contains { $0.name == name }, "\(name) added twice")
    entries.append((name, dtype, shape, bytes))
  }

  /// The complete file image.
  public func bytes() -> [UInt8] {
    let ordered = entries.enumerated().sorted {
      ($1.element.dtype.size, $0.offset) < ($0.element.dtype.size, $1.offset)
    }.map(\.element)
    var data: [UInt8] = []
    var tensors: [TensorInfo] = []
    for e in ordered {
      tensors.append(
        TensorInfo(
          name: e.name, dtype: e.dtype, shape: e.shape, range: data.count..<(data.count + e.bytes.count)))
      data += e.bytes
    }
    return data.withUnsafeBytes { Self.image(tensors: tensors, metadata: metadata, data: $0) }
  }

  /// The image of `tensors` (ranges into `data`) with `metadata`, its CRC32 and digest, and,
  /// given a secret key, its signature.
  static func image(
    tensors: [TensorInfo], metadata: [String: String], data: UnsafeRawBufferPointer,
    signingWith signer: Ed25519.Signer? = nil
  ) -> [UInt8] {
    var meta = metadata
    meta[SafetensorsLayout.checksumKey] = SafetensorsLayout.hex(CRC32.checksum(data))
    // Placeholders of the right length; their digits are read as 0 by the digest anyway.
    meta[ModelIntegrity.digestKey] = String(repeating: "0", count: ModelDigest.digestDigits)
    meta[ModelIntegrity.signatureKey] = nil
    meta[ModelIntegrity.signerKey] = nil
    if let signer {
      meta[ModelIntegrity.signerKey] = TrustedKey(bytes: signer.publicKey).description
      meta[ModelIntegrity.signatureKey] = String(
        repeating: "0", count: ModelDigest.signatureDigits)
    }
    // Sorted keys make the image byte-for-byte repeatable.
    var header = JSONObject()
    var metaObject = JSONObject()
    for key in meta.keys.sorted(by: utf8Order) { metaObject.add(key, meta[key]!) }
    let byName = tensors.sorted { utf8Order($0.name, $1.name) }
    var members: [(String, String)] = [("__metadata__", metaObject.json)]
    for t in byName {
      var entry = JSONObject()
      entry.add("data_offsets", json: JSON.array([String(t.range.lowerBound), String(t.range.upperBound)]))
      entry.add("dtype", t.dtype.name)
      entry.add("shape", json: JSON.array(t.shape.map(String.init)))
      members.append((t.name, entry.json))
    }
    for (key, value) in members.sorted(by: { utf8Order($0.0, $1.0) }) {
      header.add(key, json: value)
    }
    var json = Array(header.json.utf8)
    while (8 + json.count) % 8 != 0 { json.append(0x20) }
    var image = le(UInt64(json.count))
    image += json
    image.append(contentsOf: data)
    // Find the placeholders as every reader will, then fill them in.
    let fields = try! SafetensorsFile.parseLayout(MappedFile(copying: image), file: "new model")
      .integrity
    let digest = Hex.encode(
      image.withUnsafeBytes {
        ModelDigest.digest($0, blanking: [fields.digest!.range] + (fields.signature.map { [$0.range] } ?? []))
      })
    patch(&image, fields.digest!.range, digest)
    if let signer, let signature = fields.signature {
      let bytes = signer.sign(ModelIntegrity.signedMessage(digest: digest))
      patch(&image, signature.range, Hex.encode(bytes))
    }
    return image
  }

  static func patch(_ image: inout [UInt8], _ range: Range<Int>, _ text: String) {
    precondition(text.utf8.count == range.count, "integrity field of the wrong length")
    image.replaceSubrange(range, with: Array(text.utf8))
  }

  /// Writes the image to `path` durably (`DurableFile`).
  public func write(path: String) throws(ModelError) {
    try Self.write(bytes(), path: path)
  }

  /// Writes a finished image to `path` durably.
  public static func write(_ image: [UInt8], path: String) throws(ModelError) {
    do throws(FileError) {
      try DurableFile.write(image, to: path)
    } catch {
      throw ModelError(.writeFailed, file: path, field: "file", "cannot write: \(error.reason)")
    }
  }
}

extension SafetensorsFile {
  /// This file signed by `signer`: the same tensors at the same offsets and the same metadata
  /// (a SpikeCam model of format 1 raised to 2, the first with a digest; a later version keeps
  /// its own, as `tools/model_digest.py --reseal` does), with `signed_by`, `signature` and a new
  /// digest.
  public func signedImage(by signer: Ed25519.Signer) -> [UInt8] {
    var meta = metadata
    if meta["format"] == ClassifierModelFile.format || meta["format"] == AttentionModelFile.format,
      (meta["format_version"] ?? "1") == "1"
    {
      meta["format_version"] = AttentionModelFile.formatVersion
    }
    return SafetensorsWriter.image(tensors: tensors, metadata: meta, data: data, signingWith: signer)
  }
}

/// Bytewise order of UTF-8 text (what sorted JSON keys follow).
func utf8Order(_ a: String, _ b: String) -> Bool {
  a.utf8.lexicographicallyPrecedes(b.utf8)
}

private func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
  (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
}
