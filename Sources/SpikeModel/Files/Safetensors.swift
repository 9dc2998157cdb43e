import Foundation

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
/// touched; offsets are checked with overflow-reporting arithmetic.
public struct SafetensorsFile: Sendable {
  /// Largest header accepted (a model header is a few kilobytes).
  public static let maxHeaderBytes = 1 << 22
  /// Metadata key holding the CRC32 (8 lowercase hex digits) of the data buffer.
  public static let checksumKey = "crc32"

  /// Where it came from (for messages).
  public var file: String
  /// `__metadata__` string pairs.
  public var metadata: [String: String]
  /// Tensors sorted by offset.
  public var tensors: [TensorInfo]
  /// The data buffer (everything after the header).
  public var data: [UInt8]
  /// Header length in bytes.
  public var headerBytes: Int

  /// Reads and validates `path`.
  public static func read(path: String) throws(ModelError) -> SafetensorsFile {
    guard FileManager.default.fileExists(atPath: path) else {
      throw ModelError(.missingFile, file: path, field: "file", "no such file")
    }
    guard let contents = FileManager.default.contents(atPath: path) else {
      throw ModelError(.unreadable, file: path, field: "file", "cannot be read (permissions?)")
    }
    return try parse([UInt8](contents), file: path)
  }

  /// Validates an in-memory image.
  public static func parse(_ bytes: [UInt8], file: String) throws(ModelError) -> SafetensorsFile {
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
    let headerData = Data(bytes[8..<(8 + headerBytes)])
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: headerData)
    } catch {
      throw fail(.badHeader, "header", "not valid JSON")
    }
    guard let header = object as? [String: Any] else {
      throw fail(.badHeader, "header", "not a JSON object")
    }
    let dataStart = 8 + headerBytes
    let dataCount = bytes.count - dataStart
    var metadata: [String: String] = [:]
    var tensors: [TensorInfo] = []
    for (name, value) in header {
      if name == "__metadata__" {
        guard let pairs = value as? [String: Any] else {
          throw fail(.badMetadata, name, "must be an object of strings")
        }
        for (key, item) in pairs {
          guard let text = item as? String else {
            throw fail(.badMetadata, "__metadata__.\(key)", "value is not a string")
          }
          metadata[key] = text
        }
        continue
      }
      guard let entry = value as? [String: Any] else {
        throw fail(.badHeader, name, "entry is not an object")
      }
      guard let dtypeName = entry["dtype"] as? String else {
        throw fail(.badHeader, "\(name).dtype", "missing or not a string")
      }
      guard let dtype = TensorDType(rawValue: dtypeName) else {
        throw fail(
          .unsupportedDType, "\(name).dtype", "'\(dtypeName)' is not one of F32 I8 I16 I32 U8")
      }
      guard let shapeItems = entry["shape"] as? [Any] else {
        throw fail(.badHeader, "\(name).shape", "missing or not an array")
      }
      var shape: [Int] = []
      var elements = 1
      for item in shapeItems {
        guard let n = exactInt(item), n >= 0 else {
          throw fail(.badHeader, "\(name).shape", "dimensions must be non-negative integers")
        }
        let product = elements.multipliedReportingOverflow(by: n)
        guard !product.overflow else {
          throw fail(.outOfRange, "\(name).shape", "element count overflows")
        }
        elements = product.partialValue
        shape.append(n)
      }
      guard let offsets = entry["data_offsets"] as? [Any], offsets.count == 2,
        let begin = exactInt(offsets[0]), let end = exactInt(offsets[1])
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
    let data = Array(bytes[dataStart...])
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
      file: file, metadata: metadata, tensors: tensors, data: data, headerBytes: headerBytes)
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

  private func word(_ o: Int) -> UInt32 {
    UInt32(data[o]) | UInt32(data[o + 1]) << 8 | UInt32(data[o + 2]) << 16 | UInt32(data[o + 3])
      << 24
  }
}

/// An integer from a JSON number only if it is exactly integral and fits `Int`.
func exactInt(_ value: Any) -> Int? {
  if let n = value as? Int { return n }
  if let d = value as? Double, d.rounded() == d, abs(d) < 9.0e15 { return Int(d) }
  return nil
}

/// 8 lowercase hex digits.
func hex(_ value: UInt32) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: 8 - digits.count) + digits
}
