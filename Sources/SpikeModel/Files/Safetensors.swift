import SpikeSystem

/// Element types SpikeCam reads and writes (a subset of safetensors' dtypes).
public enum TensorDType: String, Sendable, CaseIterable {
  case f32 = "F32"
  case i8 = "I8"
  case i16 = "I16"
  case i32 = "I32"
  case u8 = "U8"

  /// Bytes per element.
  public var size: Int {
    switch self {
    case .f32, .i32: 4
    case .i16: 2
    case .i8, .u8: 1
    }
  }
}

/// One tensor's header entry: dtype, shape and its byte range in the data buffer.
public struct TensorInfo: Sendable, Equatable {
  /// Tensor name.
  public var name: String
  /// Element type.
  public var dtype: TensorDType
  /// Shape, outermost first.
  public var shape: [Int]
  /// Byte range in the data buffer (after the header).
  public var range: Range<Int>

  /// Element count.
  public var count: Int { shape.reduce(1, *) }
}

/// A safetensors file: 8-byte little-endian header length, a JSON header, raw little-endian
/// tensors. Validation refuses every malformed layout with a `ModelError` before any tensor is
/// touched; offsets are checked with overflow-reporting arithmetic. The file is mapped, not
/// read: the bytes that are parsed are the bytes that are hashed and the bytes tensors are read
/// from, with no copy.
public struct SafetensorsFile: Sendable {
  /// Largest header accepted (a model header is a few kilobytes).
  public static let maxHeaderBytes = 1 << 22
  /// Largest model file accepted (the bundled models are under 1 MiB; a board's budget is
  /// far below this).
  public static let maxFileBytes = 1 << 28
  /// Most dimensions of one tensor's shape.
  public static let maxDimensions = 8
  /// Most tensors in one file.
  public static let maxTensors = 4096
  /// Metadata key holding the CRC32 (8 lowercase hex digits) of the data buffer.
  public static let checksumKey = "crc32"

  /// Where it came from (for messages).
  public var file: String
  /// `__metadata__` string pairs.
  public var metadata: [String: String]
  /// Tensors sorted by offset.
  public var tensors: [TensorInfo]
  /// Header length in bytes.
  public var headerBytes: Int
  /// The whole-file SHA-256 verified while parsing (hex), nil for a format-1 file without one.
  public var verifiedDigest: String?
  /// Where the digest and signature are, and who signed.
  var integrity: ModelIntegrity.Fields
  /// Who signed the file (the signature verified while parsing), nil when unsigned.
  public var signer: TrustedKey? { integrity.signer }
  /// The whole file.
  public let storage: MappedFile

  /// The data buffer (everything after the header).
  public var data: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: storage.bytes[(8 + headerBytes)...])
  }

  /// Maps and validates `path`.
  public static func read(path: String) throws(ModelError) -> SafetensorsFile {
    let storage: MappedFile
    do throws(FileError) {
      storage = try MappedFile(path: path, limit: maxFileBytes)
    } catch {
      throw ModelError(error)
    }
    return try parse(storage, file: path)
  }

  /// Validates an in-memory image (copied once).
  public static func parse(_ bytes: [UInt8], file: String) throws(ModelError) -> SafetensorsFile {
    try parse(MappedFile(copying: bytes), file: file)
  }

  /// Validates a mapped or copied image.
  public static func parse(_ storage: MappedFile, file: String) throws(ModelError)
    -> SafetensorsFile
  {
    var parsed = try parseLayout(storage, file: file)
    parsed.verifiedDigest = try ModelIntegrity.verify(storage.bytes, parsed.integrity, file: file)
    return parsed
  }

  /// Validates everything but the digest and signature (which `parse` then checks; a writer
  /// uses this to find where to put them).
  static func parseLayout(_ storage: MappedFile, file: String) throws(ModelError)
    -> SafetensorsFile
  {
    let bytes = storage.bytes
    func fail(_ kind: ModelError.Kind, _ field: String, _ reason: String) -> ModelError {
      ModelError(kind, file: file, field: field, reason)
    }
    guard bytes.count >= 8 else {
      throw fail(.truncated, "header length", "file has \(bytes.count) bytes, needs at least 8")
    }
    var length: UInt64 = 0
    for i in 0..<8 { length |= UInt64(bytes[i]) << UInt64(8 * i) }
    guard length <= UInt64(maxHeaderBytes) else {
      throw fail(.oversized, "header length", "\(length) bytes exceeds the \(maxHeaderBytes) cap")
    }
    let headerBytes = Int(length)
    guard 8 + headerBytes <= bytes.count else {
      throw fail(
        .truncated, "header", "needs \(headerBytes) bytes, file has \(bytes.count - 8) after 8")
    }
    let headerText = UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + headerBytes)])
    let header: JSONValue
    do throws(JSONError) {
      // Shapes and offsets are short arrays; bounding them bounds what a header can cost.
      header = try JSONValue.parse(
        headerText,
        limits: .init(depth: 4, arrayItems: maxDimensions, members: maxTensors + 1))
    } catch {
      throw fail(
        .badHeader, "header",
        "\(error.description) (a safetensors header is a JSON object of at most \(maxTensors) "
          + "tensors of at most \(maxDimensions) dimensions)")
    }
    guard let entries = header.members else {
      throw fail(.badHeader, "header", "not a JSON object")
    }
    let dataStart = 8 + headerBytes
    let dataCount = bytes.count - dataStart
    var metadata: [String: String] = [:]
    var integrity = ModelIntegrity.Fields()
    var tensors: [TensorInfo] = []
    for entry in entries {
      let name = entry.key
      if name == "__metadata__" {
        guard let pairs = entry.value.members else {
          throw fail(.badMetadata, name, "must be an object of strings")
        }
        for pair in pairs {
          guard let text = pair.value.stringValue else {
            throw fail(.badMetadata, "__metadata__.\(pair.key)", "value is not a string")
          }
          metadata[pair.key] = text
        }
        // Member ranges count from the header's first byte, which is the file's 9th.
        integrity = try ModelIntegrity.fields(
          pairs, headerOffset: 8, file: file)
        continue
      }
      guard entry.value.members != nil else {
        throw fail(.badHeader, name, "entry is not an object")
      }
      guard let dtypeName = entry.value["dtype"]?.stringValue else {
        throw fail(.badHeader, "\(name).dtype", "missing or not a string")
      }
      guard let dtype = TensorDType(rawValue: dtypeName) else {
        throw fail(
          .unsupportedDType, "\(name).dtype",
          "'\(TerminalText.safe(dtypeName))' is not one of F32 I8 I16 I32 U8")
      }
      guard let shapeItems = entry.value["shape"]?.array else {
        throw fail(.badHeader, "\(name).shape", "missing or not an array")
      }
      var shape: [Int] = []
      var elements = 1
      for item in shapeItems {
        guard let n = item.int, n >= 0 else {
          throw fail(.badHeader, "\(name).shape", "dimensions must be non-negative integers")
        }
        let product = elements.multipliedReportingOverflow(by: n)
        guard !product.overflow else {
          throw fail(.outOfRange, "\(name).shape", "element count overflows")
        }
        elements = product.partialValue
        shape.append(n)
      }
      guard let offsets = entry.value["data_offsets"]?.array, offsets.count == 2,
        let begin = offsets[0].int, let end = offsets[1].int
      else {
        throw fail(.badHeader, "\(name).data_offsets", "must be two integers [begin, end]")
      }
      guard begin >= 0, begin <= end else {
        throw fail(
          .outOfRange, "\(name).data_offsets", "[\(begin), \(end)] is not an ordered range")
      }
      guard end <= dataCount else {
        throw fail(
          .outOfRange, "\(name).data_offsets",
          "ends at \(end) but the data buffer has \(dataCount) bytes (truncated file?)")
      }
      let bytesNeeded = elements.multipliedReportingOverflow(by: dtype.size)
      guard !bytesNeeded.overflow, bytesNeeded.partialValue == end - begin else {
        throw fail(
          .shapeMismatch, "\(name).shape",
          "shape \(shape) of \(dtypeName) needs \(elements) × \(dtype.size) bytes, range has \(end - begin)"
        )
      }
      guard (dataStart + begin) % dtype.size == 0 else {
        throw fail(
          .misaligned, "\(name).data_offsets",
          "file offset \(dataStart + begin) is not a multiple of \(dtype.size)")
      }
      tensors.append(TensorInfo(name: name, dtype: dtype, shape: shape, range: begin..<end))
    }
    tensors.sort {
      ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
    }
    var cursor = 0
    for t in tensors {
      if t.range.lowerBound < cursor {
        throw fail(
          .overlapping, t.name, "bytes \(t.range) overlap the previous tensor (ends at \(cursor))")
      }
      if t.range.lowerBound > cursor {
        throw fail(.incomplete, t.name, "gap of \(t.range.lowerBound - cursor) bytes before it")
      }
      cursor = t.range.upperBound
    }
    if cursor != dataCount {
      throw fail(.incomplete, "data", "\(dataCount - cursor) trailing bytes after the last tensor")
    }
    let data = UnsafeRawBufferPointer(rebasing: bytes[dataStart...])
    if let expected = metadata[checksumKey] {
      let actual = CRC32.checksum(data)
      guard let value = UInt32(expected, radix: 16), expected.count == 8 else {
        throw fail(.badMetadata, "__metadata__.\(checksumKey)", "'\(expected)' is not 8 hex digits")
      }
      guard value == actual else {
        throw fail(
          .checksumMismatch, "__metadata__.\(checksumKey)",
          "tensor bytes have CRC32 \(hex(actual)), header says \(expected): the file is damaged")
      }
    }
    return SafetensorsFile(
      file: file, metadata: metadata, tensors: tensors, headerBytes: headerBytes,
      verifiedDigest: nil, integrity: integrity, storage: storage)
  }

  /// Why this file's origin and integrity are checked less than a format-2 file's, or nil.
  public var integrityNote: String? {
    verifiedDigest == nil
      ? "\(file): written before model format 2: only the CRC32 of the tensor bytes is checked, "
        + "not the header; re-save it (`spikecam sign`, or quantize again) to add a whole-file digest"
      : nil
  }

  /// Whether the header carries a checksum (it was verified by `parse` if so).
  public var hasChecksum: Bool { metadata[Self.checksumKey] != nil }

  /// The entry called `name`.
  public func info(_ name: String) throws(ModelError) -> TensorInfo {
    guard let t = tensors.first(where: { $0.name == name }) else {
      throw ModelError(.missingTensor, file: file, field: name, "tensor is missing")
    }
    return t
  }

  /// Checks dtype and shape of `name`.
  public func expect(
    _ name: String, _ dtype: TensorDType, shape: [Int]
  ) throws(ModelError) -> TensorInfo {
    let t = try info(name)
    guard t.dtype == dtype else {
      throw ModelError(
        .wrongDType, file: file, field: "\(name).dtype",
        "is \(t.dtype.rawValue), expected \(dtype.rawValue)")
    }
    guard t.shape == shape else {
      throw ModelError(
        .shapeMismatch, file: file, field: "\(name).shape", "is \(t.shape), expected \(shape)")
    }
    return t
  }

  /// F32 tensor values.
  public func floats(_ name: String, shape: [Int]) throws(ModelError) -> [Float] {
    let t = try expect(name, .f32, shape: shape)
    return (0..<t.count).map { Float(bitPattern: word(t.range.lowerBound + 4 * $0)) }
  }

  /// I32 tensor values.
  public func int32s(_ name: String, shape: [Int]) throws(ModelError) -> [Int32] {
    let t = try expect(name, .i32, shape: shape)
    return (0..<t.count).map { Int32(bitPattern: word(t.range.lowerBound + 4 * $0)) }
  }

  /// I16 tensor values.
  public func int16s(_ name: String, shape: [Int]) throws(ModelError) -> [Int16] {
    let t = try expect(name, .i16, shape: shape)
    return (0..<t.count).map { i in
      let o = t.range.lowerBound + 2 * i
      return Int16(bitPattern: UInt16(data[o]) | UInt16(data[o + 1]) << 8)
    }
  }

  /// I8 tensor values.
  public func int8s(_ name: String, shape: [Int]) throws(ModelError) -> [Int8] {
    let t = try expect(name, .i8, shape: shape)
    return data[t.range].map { Int8(bitPattern: $0) }
  }

  /// U8 tensor values.
  public func uint8s(_ name: String, shape: [Int]) throws(ModelError) -> [UInt8] {
    Array(data[try expect(name, .u8, shape: shape).range])
  }

  /// The raw bytes of a tensor.
  public func bytes(of tensor: TensorInfo) -> [UInt8] { Array(data[tensor.range]) }

  private func word(_ o: Int) -> UInt32 {
    UInt32(data[o]) | UInt32(data[o + 1]) << 8 | UInt32(data[o + 2]) << 16 | UInt32(data[o + 3])
      << 24
  }
}

/// 8 lowercase hex digits.
func hex(_ value: UInt32) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: 8 - digits.count) + digits
}
