import SpikeSystem

/// A safetensors file: 8-byte little-endian header length, a JSON header, raw little-endian
/// tensors. Validation refuses every malformed layout with a `ModelError` before any tensor is
/// touched; offsets are checked with overflow-reporting arithmetic. The file is mapped, not
/// read: the bytes that are parsed are the bytes that are hashed and the bytes tensors are read
/// from, with no copy.
public struct SafetensorsFile: Sendable {
  /// Largest model file accepted (the bundled models are under 1 MiB; a board's budget is
  /// far below this).
  public static let maxFileBytes = 1 << 28

  /// Where it came from (for messages).
  public var file: String
  /// `__metadata__` string pairs.
  public var metadata: [String: String]
  /// The checked layout (shared with the board programs' reader).
  public let layout: SafetensorsLayout
  /// Tensors sorted by offset.
  public var tensors: [TensorInfo] { layout.tensors }
  /// Header length in bytes.
  public var headerBytes: Int { layout.headerBytes }
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
    let layout: SafetensorsLayout
    do throws(SafetensorsProblem) {
      layout = try SafetensorsLayout(storage.bytes)
    } catch {
      throw ModelError(error, file: file)
    }
    var metadata: [String: String] = [:]
    for member in layout.metadataMembers { metadata[member.key] = member.value.stringValue }
    return SafetensorsFile(
      file: file, metadata: metadata, layout: layout, verifiedDigest: nil,
      // Member ranges count from the header's first byte, which is the file's 9th.
      integrity: try ModelIntegrity.fields(layout.metadataMembers, headerOffset: 8, file: file),
      storage: storage)
  }

  /// Why this file's origin and integrity are checked less than a format-2 file's, or nil.
  public var integrityNote: String? {
    verifiedDigest == nil
      ? "\(file): written before model format 2: only the CRC32 of the tensor bytes is checked, "
        + "not the header; re-save it (`spikecam sign`, or quantize again) to add a whole-file digest"
      : nil
  }

  /// Whether the header carries a checksum (it was verified by `parse` if so).
  public var hasChecksum: Bool { metadata[SafetensorsLayout.checksumKey] != nil }

  /// The entry called `name`.
  public func info(_ name: String) throws(ModelError) -> TensorInfo {
    try read { (l) throws(SafetensorsProblem) in try l.tensor(name) }
  }

  /// Checks dtype and shape of `name`.
  public func expect(
    _ name: String, _ dtype: TensorDType, shape: [Int]
  ) throws(ModelError) -> TensorInfo {
    try read { (l) throws(SafetensorsProblem) in try l.expect(name, dtype, shape: shape) }
  }

  /// F32 tensor values.
  public func floats(_ name: String, shape: [Int]) throws(ModelError) -> [Float] {
    try read { (l) throws(SafetensorsProblem) in try l.floats(name, shape: shape, in: storage.bytes) }
  }

  /// I32 tensor values.
  public func int32s(_ name: String, shape: [Int]) throws(ModelError) -> [Int32] {
    try read { (l) throws(SafetensorsProblem) in try l.int32s(name, shape: shape, in: storage.bytes) }
  }

  /// I16 tensor values.
  public func int16s(_ name: String, shape: [Int]) throws(ModelError) -> [Int16] {
    try read { (l) throws(SafetensorsProblem) in try l.int16s(name, shape: shape, in: storage.bytes) }
  }

  /// I8 tensor values.
  public func int8s(_ name: String, shape: [Int]) throws(ModelError) -> [Int8] {
    try read { (l) throws(SafetensorsProblem) in try l.int8s(name, shape: shape, in: storage.bytes) }
  }

  /// U8 tensor values.
  public func uint8s(_ name: String, shape: [Int]) throws(ModelError) -> [UInt8] {
    try read { (l) throws(SafetensorsProblem) in try l.uint8s(name, shape: shape, in: storage.bytes) }
  }

  /// The raw bytes of a tensor.
  public func bytes(of tensor: TensorInfo) -> [UInt8] { Array(data[tensor.range]) }

  /// A read of the layout, its refusal named after this file.
  private func read<T>(_ body: (SafetensorsLayout) throws(SafetensorsProblem) -> T)
    throws(ModelError) -> T
  {
    do throws(SafetensorsProblem) { return try body(layout) } catch {
      throw ModelError(error, file: file)
    }
  }
}

extension ModelError {
  /// A refused safetensors image, as a model error of the same kind.
  init(_ problem: SafetensorsProblem, file: String) {
    let kind: Kind =
      switch problem.kind {
      case .truncated: .truncated
      case .oversized: .oversized
      case .badHeader: .badHeader
      case .badMetadata: .badMetadata
      case .unsupportedDType: .unsupportedDType
      case .wrongDType: .wrongDType
      case .shapeMismatch: .shapeMismatch
      case .outOfRange: .outOfRange
      case .misaligned: .misaligned
      case .overlapping: .overlapping
      case .incomplete: .incomplete
      case .checksumMismatch: .checksumMismatch
      case .missingTensor: .missingTensor
      }
    self.init(kind, file: file, field: problem.field, problem.reason)
  }
}
