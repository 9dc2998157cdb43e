/// Element types SpikeCam reads and writes (a subset of safetensors' dtypes).
public enum TensorDType: Sendable, CaseIterable {
  case f32, i8, i16, i32, u8

  /// The name a header gives it.
  public var name: String {
    switch self {
    case .f32: "F32"
    case .i8: "I8"
    case .i16: "I16"
    case .i32: "I32"
    case .u8: "U8"
    }
  }

  /// The type a header calls `name` (compared as bytes: no Unicode tables on a board).
  public init?(name: String) {
    for dtype in Self.allCases where dtype.name.utf8.elementsEqual(name.utf8) {
      self = dtype
      return
    }
    return nil
  }

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

  public init(name: String, dtype: TensorDType, shape: [Int], range: Range<Int>) {
    (self.name, self.dtype, self.shape, self.range) = (name, dtype, shape, range)
  }

  /// Element count.
  public var count: Int { shape.reduce(1, *) }
}

/// Why a safetensors image is refused: what kind of fault (the host's `ModelError.Kind` has a
/// case of each name), the header field or tensor at fault, and what is wrong.
public struct SafetensorsProblem: Error, Sendable {
  public enum Kind: Sendable {
    case truncated, oversized, badHeader, badMetadata, unsupportedDType, wrongDType
    case shapeMismatch, outOfRange, misaligned, overlapping, incomplete, checksumMismatch
    case missingTensor
  }

  public var kind: Kind
  public var field: String
  public var reason: String

  public init(_ kind: Kind, _ field: String, _ reason: String) {
    (self.kind, self.field, self.reason) = (kind, field, reason)
  }
}

/// The checked layout of a safetensors image (docs/MODEL_FORMAT.md, "Header rules the reader
/// enforces"): 8-byte little-endian header length, a JSON header, raw little-endian tensors.
/// Every malformed layout is refused before any tensor is read: header length and JSON, dtypes,
/// shapes against byte ranges (overflow-checked), alignment, no overlap, no gap, no trailing
/// bytes, and the CRC32 of the data buffer. Foundation-free: `spikecam`, the board program and
/// the microcontroller program read models with this one code, so they accept and refuse the
/// same files. The image's bytes are not kept: readers pass them back in.
public struct SafetensorsLayout: Sendable {
  /// Largest header accepted (a model header is a few kilobytes).
  public static let maxHeaderBytes = 1 << 22
  /// Most dimensions of one tensor's shape.
  public static let maxDimensions = 8
  /// Most tensors in one file.
  public static let maxTensors = 4096
  /// Metadata key holding the CRC32 (8 lowercase hex digits) of the data buffer.
  public static let checksumKey = "crc32"

  /// Header length in bytes.
  public let headerBytes: Int
  /// `__metadata__`'s members, every value a string; ranges count from the header's first byte
  /// (the file's 9th).
  public let metadataMembers: [JSONMember]
  /// Tensors sorted by offset.
  public let tensors: [TensorInfo]

  /// Offset of the data buffer in the image.
  public var dataStart: Int { 8 + headerBytes }

  /// Checks `image`'s layout and the CRC32 of its tensor bytes.
  public init(_ image: UnsafeRawBufferPointer) throws(SafetensorsProblem) {
    guard image.count >= 8 else {
      throw SafetensorsProblem(
        .truncated, "header length", "file has \(image.count) bytes, needs at least 8")
    }
    var length: UInt64 = 0
    for i in 0..<8 { length |= UInt64(image[i]) << UInt64(8 * i) }
    guard length <= UInt64(Self.maxHeaderBytes) else {
      throw SafetensorsProblem(
        .oversized, "header length", "\(length) bytes exceeds the \(Self.maxHeaderBytes) cap")
    }
    headerBytes = Int(length)
    guard 8 + headerBytes <= image.count else {
      throw SafetensorsProblem(
        .truncated, "header", "needs \(headerBytes) bytes, file has \(image.count - 8) after 8")
    }
    let header: JSONValue
    do throws(JSONError) {
      // Shapes and offsets are short arrays; bounding them bounds what a header can cost.
      header = try JSONValue.parse(
        UnsafeRawBufferPointer(rebasing: image[8..<(8 + headerBytes)]),
        limits: .init(depth: 4, arrayItems: Self.maxDimensions, members: Self.maxTensors + 1))
    } catch {
      throw SafetensorsProblem(
        .badHeader, "header",
        "\(error.description) (a safetensors header is a JSON object of at most \(Self.maxTensors) "
          + "tensors of at most \(Self.maxDimensions) dimensions)")
    }
    guard let entries = header.members else {
      throw SafetensorsProblem(.badHeader, "header", "not a JSON object")
    }
    let dataCount = image.count - 8 - headerBytes
    var metadata: [JSONMember] = []
    var tensors: [TensorInfo] = []
    for entry in entries {
      if entry.key.utf8.elementsEqual("__metadata__".utf8) {
        guard let pairs = entry.value.members else {
          throw SafetensorsProblem(.badMetadata, entry.key, "must be an object of strings")
        }
        for pair in pairs where pair.value.stringValue == nil {
          throw SafetensorsProblem(.badMetadata, "__metadata__.\(pair.key)", "value is not a string")
        }
        metadata = pairs
        continue
      }
      tensors.append(try Self.tensor(entry, dataStart: 8 + headerBytes, dataCount: dataCount))
    }
    tensors.sort {
      ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound)
    }
    var cursor = 0
    for t in tensors {
      if t.range.lowerBound < cursor {
        throw SafetensorsProblem(
          .overlapping, t.name,
          "bytes \(Self.text(t.range)) overlap the previous tensor (ends at \(cursor))")
      }
      if t.range.lowerBound > cursor {
        throw SafetensorsProblem(
          .incomplete, t.name, "gap of \(t.range.lowerBound - cursor) bytes before it")
      }
      cursor = t.range.upperBound
    }
    if cursor != dataCount {
      throw SafetensorsProblem(
        .incomplete, "data", "\(dataCount - cursor) trailing bytes after the last tensor")
    }
    (self.metadataMembers, self.tensors) = (metadata, tensors)
    try checkChecksum(image)
  }

  /// One header entry, checked against the data buffer.
  private static func tensor(_ entry: JSONMember, dataStart: Int, dataCount: Int)
    throws(SafetensorsProblem) -> TensorInfo
  {
    let name = entry.key
    guard entry.value.members != nil else {
      throw SafetensorsProblem(.badHeader, name, "entry is not an object")
    }
    guard let dtypeName = entry.value["dtype"]?.stringValue else {
      throw SafetensorsProblem(.badHeader, "\(name).dtype", "missing or not a string")
    }
    guard let dtype = TensorDType(name: dtypeName) else {
      throw SafetensorsProblem(
        .unsupportedDType, "\(name).dtype",
        "'\(TerminalText.safe(dtypeName))' is not one of F32 I8 I16 I32 U8")
    }
    guard let shapeItems = entry.value["shape"]?.array else {
      throw SafetensorsProblem(.badHeader, "\(name).shape", "missing or not an array")
    }
    var shape: [Int] = []
    var elements = 1
    for item in shapeItems {
      guard let n = item.int, n >= 0 else {
        throw SafetensorsProblem(
          .badHeader, "\(name).shape", "dimensions must be non-negative integers")
      }
      let product = elements.multipliedReportingOverflow(by: n)
      guard !product.overflow else {
        throw SafetensorsProblem(.outOfRange, "\(name).shape", "element count overflows")
      }
      elements = product.partialValue
      shape.append(n)
    }
    guard let offsets = entry.value["data_offsets"]?.array, offsets.count == 2,
      let begin = offsets[0].int, let end = offsets[1].int
    else {
      throw SafetensorsProblem(
        .badHeader, "\(name).data_offsets", "must be two integers [begin, end]")
    }
    guard begin >= 0, begin <= end else {
      throw SafetensorsProblem(
        .outOfRange, "\(name).data_offsets", "[\(begin), \(end)] is not an ordered range")
    }
    guard end <= dataCount else {
      throw SafetensorsProblem(
        .outOfRange, "\(name).data_offsets",
        "ends at \(end) but the data buffer has \(dataCount) bytes (truncated file?)")
    }
    let bytesNeeded = elements.multipliedReportingOverflow(by: dtype.size)
    guard !bytesNeeded.overflow, bytesNeeded.partialValue == end - begin else {
      throw SafetensorsProblem(
        .shapeMismatch, "\(name).shape",
        "shape \(text(shape)) of \(dtypeName) needs \(elements) × \(dtype.size) bytes, range has \(end - begin)"
      )
    }
    guard (dataStart + begin) % dtype.size == 0 else {
      throw SafetensorsProblem(
        .misaligned, "\(name).data_offsets",
        "file offset \(dataStart + begin) is not a multiple of \(dtype.size)")
    }
    return TensorInfo(name: name, dtype: dtype, shape: shape, range: begin..<end)
  }

  /// `__metadata__.crc32`, when present, must be 8 lowercase hex digits, the CRC32 of the data
  /// buffer.
  private func checkChecksum(_ image: UnsafeRawBufferPointer) throws(SafetensorsProblem) {
    guard let expected = metadata(Self.checksumKey) else { return }
    let field = "__metadata__.\(Self.checksumKey)"
    guard Hex.isLowercase(expected, count: 8), let bytes = Hex.decode(expected) else {
      throw SafetensorsProblem(
        .badMetadata, field, "'\(TerminalText.safe(expected))' is not 8 lowercase hex digits")
    }
    let value = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: image[dataStart...]))
    guard value == actual else {
      throw SafetensorsProblem(
        .checksumMismatch, field,
        "tensor bytes have CRC32 \(Self.hex(actual)), header says \(expected): the file is damaged")
    }
  }

  /// Metadata string `key`.
  public func metadata(_ key: String) -> String? {
    for m in metadataMembers where m.key.utf8.elementsEqual(key.utf8) { return m.value.stringValue }
    return nil
  }

  /// The entry called `name`.
  public func tensor(_ name: String) throws(SafetensorsProblem) -> TensorInfo {
    for t in tensors where t.name.utf8.elementsEqual(name.utf8) { return t }
    throw SafetensorsProblem(.missingTensor, name, "tensor is missing")
  }

  /// The entry called `name`, checked for dtype and shape.
  public func expect(_ name: String, _ dtype: TensorDType, shape: [Int]) throws(SafetensorsProblem)
    -> TensorInfo
  {
    let t = try tensor(name)
    guard t.dtype == dtype else {
      throw SafetensorsProblem(
        .wrongDType, "\(name).dtype", "is \(t.dtype.name), expected \(dtype.name)")
    }
    guard t.shape.elementsEqual(shape) else {
      throw SafetensorsProblem(
        .shapeMismatch, "\(name).shape", "is \(Self.text(t.shape)), expected \(Self.text(shape))")
    }
    return t
  }

  // Typed reads of a tensor of `image` (the bytes this layout was checked on), little-endian.

  public func int8s(_ name: String, shape: [Int], in image: UnsafeRawBufferPointer)
    throws(SafetensorsProblem) -> [Int8]
  {
    let t = try expect(name, .i8, shape: shape)
    let base = dataStart + t.range.lowerBound
    return (0..<t.count).map { Int8(bitPattern: image[base + $0]) }
  }

  public func uint8s(_ name: String, shape: [Int], in image: UnsafeRawBufferPointer)
    throws(SafetensorsProblem) -> [UInt8]
  {
    let t = try expect(name, .u8, shape: shape)
    let base = dataStart + t.range.lowerBound
    return (0..<t.count).map { image[base + $0] }
  }

  public func int16s(_ name: String, shape: [Int], in image: UnsafeRawBufferPointer)
    throws(SafetensorsProblem) -> [Int16]
  {
    let t = try expect(name, .i16, shape: shape)
    let base = dataStart + t.range.lowerBound
    return (0..<t.count).map { i in
      Int16(bitPattern: UInt16(image[base + 2 * i]) | UInt16(image[base + 2 * i + 1]) << 8)
    }
  }

  public func int32s(_ name: String, shape: [Int], in image: UnsafeRawBufferPointer)
    throws(SafetensorsProblem) -> [Int32]
  {
    let t = try expect(name, .i32, shape: shape)
    let base = dataStart + t.range.lowerBound
    return (0..<t.count).map { Int32(bitPattern: Self.word(image, base + 4 * $0)) }
  }

  /// F32 values, read as their bit patterns (the float twin's weights; the integer path never
  /// calls this).
  public func floats(_ name: String, shape: [Int], in image: UnsafeRawBufferPointer)
    throws(SafetensorsProblem) -> [Float]
  {
    let t = try expect(name, .f32, shape: shape)
    let base = dataStart + t.range.lowerBound
    return (0..<t.count).map { Float(bitPattern: Self.word(image, base + 4 * $0)) }
  }

  private static func word(_ image: UnsafeRawBufferPointer, _ o: Int) -> UInt32 {
    UInt32(image[o]) | UInt32(image[o + 1]) << 8 | UInt32(image[o + 2]) << 16
      | UInt32(image[o + 3]) << 24
  }

  /// 8 lowercase hex digits.
  public static func hex(_ value: UInt32) -> String {
    Hex.encode([UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
  }

  /// A shape as messages write it: `[32, 640]`.
  public static func text(_ shape: [Int]) -> String {
    var s = "["
    for (i, n) in shape.enumerated() { s += i == 0 ? "\(n)" : ", \(n)" }
    return s + "]"
  }

  /// A byte range as messages write it: `0..<64`.
  static func text(_ range: Range<Int>) -> String { "\(range.lowerBound)..<\(range.upperBound)" }
}
