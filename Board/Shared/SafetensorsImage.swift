#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board programs compile SHA256 and CRC32 in
#endif

/// A safetensors image in memory (a file read whole, or bytes in flash), checked as the host
/// reader checks it (docs/MODEL_FORMAT.md, "Header rules the reader enforces") before any
/// tensor is read: header length and JSON, dtypes, shapes against byte ranges, alignment,
/// no overlap, no gap, no trailing bytes, and the CRC32 of the data buffer. Foundation-free and
/// allocation-light, so the board and microcontroller programs share it.
struct SafetensorsImage {
  /// Largest header accepted (a model header is a few kilobytes), as on the host.
  static let maximumHeaderBytes = 1 << 22

  /// One tensor's entry.
  struct Tensor {
    var name: String
    var dtype: String
    var shape: [Int]
    /// Byte range in the data buffer.
    var begin: Int
    var end: Int
  }

  /// Where it came from, for messages.
  let file: String
  /// The whole image.
  let bytes: UnsafeRawBufferPointer
  /// Offset of the data buffer (after the header).
  let dataStart: Int
  private(set) var tensors: [Tensor] = []
  /// `__metadata__` as JSON (an object of strings).
  private(set) var metadata: HeaderJSON = .object([])

  /// Checks the image; `bytes` must stay valid while this value is used.
  init(_ bytes: UnsafeRawBufferPointer, file: String) throws(BoardError) {
    func fail(_ field: String, _ reason: String) -> BoardError { .model(file, field, reason) }
    self.file = file
    self.bytes = bytes
    guard bytes.count >= 8 else {
      throw fail("header length", "file has \(bytes.count) bytes, needs at least 8")
    }
    var length: UInt64 = 0
    for i in 0..<8 { length |= UInt64(bytes[i]) << UInt64(8 * i) }
    guard length <= UInt64(Self.maximumHeaderBytes) else {
      throw fail("header length", "\(length) bytes exceeds the \(Self.maximumHeaderBytes) cap")
    }
    let headerBytes = Int(length)
    guard 8 + headerBytes <= bytes.count else {
      throw fail("header", "needs \(headerBytes) bytes, file has \(bytes.count - 8) after 8")
    }
    dataStart = 8 + headerBytes
    let header = try HeaderJSON.parse(
      UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]), what: "\(file): header")
    guard let entries = header.members else { throw fail("header", "not a JSON object") }
    let dataCount = bytes.count - dataStart
    for entry in entries {
      if entry.key.utf8.elementsEqual("__metadata__".utf8) {
        guard let pairs = entry.value.members else {
          throw fail(entry.key, "must be an object of strings")
        }
        for pair in pairs where pair.value.string == nil {
          throw fail("__metadata__.\(pair.key)", "value is not a string")
        }
        metadata = entry.value
        continue
      }
      tensors.append(try Self.tensor(entry, dataStart: dataStart, dataCount: dataCount, fail))
    }
    try checkCoverage(dataCount: dataCount, fail)
    try checkChecksum(fail)
    try checkDigest(fail)
  }

  /// One header entry, checked against the data buffer.
  private static func tensor(
    _ entry: HeaderJSON.Member, dataStart: Int, dataCount: Int,
    _ fail: (String, String) -> BoardError
  ) throws(BoardError) -> Tensor {
    let name = entry.key
    guard let dtype = entry.value["dtype"]?.string else {
      throw fail("\(name).dtype", "missing or not a string")
    }
    guard let size = elementSize(dtype) else {
      throw fail("\(name).dtype", "'\(dtype)' is not one of F32 I8 I16 I32 U8")
    }
    guard let items = entry.value["shape"]?.array else {
      throw fail("\(name).shape", "missing or not an array")
    }
    var shape: [Int] = []
    var elements = 1
    for item in items {
      guard let n = item.int, n >= 0 else {
        throw fail("\(name).shape", "dimensions must be non-negative integers")
      }
      let product = elements.multipliedReportingOverflow(by: n)
      guard !product.overflow else { throw fail("\(name).shape", "element count overflows") }
      elements = product.partialValue
      shape.append(n)
    }
    guard let offsets = entry.value["data_offsets"]?.array, offsets.count == 2,
      let begin = offsets[0].int, let end = offsets[1].int
    else { throw fail("\(name).data_offsets", "must be two integers [begin, end]") }
    guard begin >= 0, begin <= end else {
      throw fail("\(name).data_offsets", "[\(begin), \(end)] is not an ordered range")
    }
    guard end <= dataCount else {
      throw fail(
        "\(name).data_offsets",
        "ends at \(end) but the data buffer has \(dataCount) bytes (truncated file?)")
    }
    let needed = elements.multipliedReportingOverflow(by: size)
    guard !needed.overflow, needed.partialValue == end - begin else {
      throw fail(
        "\(name).shape",
        "\(elements) elements of \(dtype) need \(elements) × \(size) bytes, range has \(end - begin)"
      )
    }
    guard (dataStart + begin) % size == 0 else {
      throw fail(
        "\(name).data_offsets", "file offset \(dataStart + begin) is not a multiple of \(size)")
    }
    return Tensor(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
  }

  /// Bytes per element of the dtypes SpikeCam writes.
  static func elementSize(_ dtype: String) -> Int? {
    for (name, size) in [("F32", 4), ("I32", 4), ("I16", 2), ("I8", 1), ("U8", 1)]
    where dtype.utf8.elementsEqual(name.utf8) {
      return size
    }
    return nil
  }

  /// The tensors tile the data buffer exactly: no overlap, no gap, no trailing bytes.
  private mutating func checkCoverage(dataCount: Int, _ fail: (String, String) -> BoardError)
    throws(BoardError)
  {
    tensors.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
    var cursor = 0
    for t in tensors {
      if t.begin < cursor {
        throw fail(
          t.name, "bytes \(t.begin)..<\(t.end) overlap the previous tensor (ends at \(cursor))")
      }
      if t.begin > cursor { throw fail(t.name, "gap of \(t.begin - cursor) bytes before it") }
      cursor = t.end
    }
    if cursor != dataCount {
      throw fail("data", "\(dataCount - cursor) trailing bytes after the last tensor")
    }
  }

  /// `__metadata__.crc32`, when present, must be the CRC32 of the data buffer.
  private func checkChecksum(_ fail: (String, String) -> BoardError) throws(BoardError) {
    guard let expected = metadata["crc32"]?.string else { return }
    var value: UInt32 = 0
    var digits = 0
    for c in expected.utf8 {
      let d: UInt8
      switch c {
      case 0x30...0x39: d = c - 0x30
      case 0x61...0x66: d = c - 0x61 + 10
      default: throw fail("__metadata__.crc32", "'\(expected)' is not 8 hex digits")
      }
      value = value << 4 | UInt32(d)
      digits += 1
    }
    guard digits == 8 else { throw fail("__metadata__.crc32", "'\(expected)' is not 8 hex digits") }
    let actual = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[dataStart...]))
    guard actual == value else {
      throw fail(
        "__metadata__.crc32",
        "tensor bytes have CRC32 \(Self.hex(actual)), header says \(expected): the file is damaged")
    }
  }

  /// `__metadata__.sha256`, when present (model format 2), must be the SHA-256 of the whole
  /// file with the 64 digits of `sha256` and the 128 of `signature` read as ASCII "0", as the
  /// host reader checks it (docs/MODEL_FORMAT.md, "Integrity and origin"). The signature itself
  /// is checked on the host (`spikecam inspect --trusted-keys`): the board has no Ed25519.
  private func checkDigest(_ fail: (String, String) -> BoardError) throws(BoardError) {
    guard let expected = metadata["sha256"]?.string else { return }
    var blanked: [(start: Int, end: Int)] = []
    for (key, digits) in [("sha256", 64), ("signature", 128)] where metadata[key] != nil {
      let needle = Array("\"\(key)\":\"".utf8)
      var hits: [Int] = []
      var i = 8
      while i + needle.count <= dataStart {
        var same = true
        for j in 0..<needle.count where bytes[i + j] != needle[j] {
          same = false
          break
        }
        if same { hits.append(i + needle.count) }
        i += 1
      }
      guard hits.count == 1, hits[0] + digits <= dataStart else {
        throw fail("__metadata__.\(key)", "found \(hits.count) times in the header, expected once")
      }
      blanked.append((hits[0], hits[0] + digits))
    }
    blanked.sort { $0.start < $1.start }
    var hash = SHA256()
    var cursor = 0
    for range in blanked {
      hash.update(UnsafeRawBufferPointer(rebasing: bytes[cursor..<range.start]))
      hash.update(repeating: 0x30, count: range.end - range.start)
      cursor = range.end
    }
    hash.update(UnsafeRawBufferPointer(rebasing: bytes[cursor...]))
    let actual = Hex.encode(hash.finish())
    guard actual.utf8.elementsEqual(expected.utf8) else {
      throw fail(
        "__metadata__.sha256",
        "the file's digest is \(actual), header says \(expected): the file was changed or damaged")
    }
  }

  static func hex(_ value: UInt32) -> String {
    var out: [UInt8] = []
    for i in stride(from: 28, through: 0, by: -4) {
      let d = UInt8((value >> UInt32(i)) & 0xF)
      out.append(d < 10 ? 0x30 + d : 0x61 + d - 10)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A shape as the host reader writes it: `[32, 640]`.
  static func text(_ shape: [Int]) -> String {
    var s = "["
    for (i, n) in shape.enumerated() { s += i == 0 ? "\(n)" : ", \(n)" }
    return s + "]"
  }

  /// Metadata string `key`.
  func metadata(_ key: String) -> String? { metadata[key]?.string }

  /// The entry called `name`, checked for dtype and shape.
  func expect(_ name: String, _ dtype: String, shape: [Int]) throws(BoardError) -> Tensor {
    var found: Tensor?
    for t in tensors where t.name.utf8.elementsEqual(name.utf8) { found = t }
    guard let t = found else { throw .model(file, name, "tensor is missing") }
    guard t.dtype.utf8.elementsEqual(dtype.utf8) else {
      throw .model(file, "\(name).dtype", "is \(t.dtype), expected \(dtype)")
    }
    guard t.shape.elementsEqual(shape) else {
      throw .model(file, "\(name).shape", "is \(Self.text(t.shape)), expected \(Self.text(shape))")
    }
    return t
  }

  /// I8 tensor values.
  func int8s(_ name: String, shape: [Int]) throws(BoardError) -> [Int8] {
    let t = try expect(name, "I8", shape: shape)
    var out = [Int8](repeating: 0, count: t.end - t.begin)
    for i in out.indices { out[i] = Int8(bitPattern: bytes[dataStart + t.begin + i]) }
    return out
  }

  /// I16 tensor values (little-endian).
  func int16s(_ name: String, shape: [Int]) throws(BoardError) -> [Int16] {
    let t = try expect(name, "I16", shape: shape)
    var out = [Int16](repeating: 0, count: (t.end - t.begin) / 2)
    for i in out.indices {
      let o = dataStart + t.begin + 2 * i
      out[i] = Int16(bitPattern: UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8)
    }
    return out
  }

  /// I32 tensor values (little-endian).
  func int32s(_ name: String, shape: [Int]) throws(BoardError) -> [Int32] {
    let t = try expect(name, "I32", shape: shape)
    var out = [Int32](repeating: 0, count: (t.end - t.begin) / 4)
    for i in out.indices {
      let o = dataStart + t.begin + 4 * i
      out[i] = Int32(
        bitPattern: UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16
          | UInt32(bytes[o + 3]) << 24)
    }
    return out
  }
}
