import Foundation

/// Builds a safetensors image: tensors are laid out contiguously, widest dtype first, after a
/// header padded with spaces to a multiple of 8 bytes (as the Python package does), so every
/// tensor is aligned to its element size. `__metadata__` gets the CRC32 of the data buffer.
public struct SafetensorsWriter {
  private var entries: [(name: String, dtype: TensorDType, shape: [Int], bytes: [UInt8])] = []
  /// String pairs written to `__metadata__` (the checksum is added on `bytes()`).
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
    var header: [String: Any] = [:]
    for e in ordered {
      header[e.name] = [
        "dtype": e.dtype.rawValue, "shape": e.shape,
        "data_offsets": [data.count, data.count + e.bytes.count],
      ]
      data += e.bytes
    }
    var meta = metadata
    meta[SafetensorsFile.checksumKey] = hex(CRC32.checksum(data))
    header["__metadata__"] = meta
    // Sorted keys make the image byte-for-byte repeatable.
    var json =
      (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])).map {
        [UInt8]($0)
      } ?? []
    while (8 + json.count) % 8 != 0 { json.append(0x20) }
    var image = le(UInt64(json.count))
    image += json
    image += data
    return image
  }

  /// Writes the image to `path` atomically.
  public func write(path: String) throws(ModelError) {
    do {
      try Data(bytes()).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw ModelError(
        .writeFailed, file: path, field: "file", "cannot write: \(error.localizedDescription)")
    }
  }
}

private func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
  (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
}
