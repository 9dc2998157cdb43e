/// Binary 8-bit PGM (netpbm "P5") images: the frame format of data sets
/// (docs/ARCHITECTURE.md, "Files").
///
/// The reader follows the netpbm specification as libnetpbm reads it: the magic `P5`, then
/// width, height and maxval as ASCII decimals separated by whitespace (space, TAB, CR, LF, VT,
/// FF), where a `#` starts a comment that runs to the end of the line and counts as whitespace;
/// exactly one whitespace character after maxval; then `width·height` one-byte samples. Bytes
/// after the raster (netpbm allows a further image) are ignored. Every malformed input is a
/// `CaptureError.badFile` naming the fault, and sizes are capped before anything is allocated.
public enum PGM {
  /// Largest width or height accepted.
  public static let maxSide = FrameFormat.maxSide
  /// Largest pixel count accepted (64 Mi, a 8192×8192 image).
  public static let maxPixels = 1 << 26

  /// What a PGM header says.
  public struct Header: Sendable, Equatable {
    /// Image size.
    public var format: FrameFormat
    /// Largest sample value, 1…255 (16-bit PGM is refused).
    public var maxValue: Int
    /// Offset of the first pixel byte.
    public var dataOffset: Int
  }

  /// Parses the header of a PGM held in `bytes`; `name` is used in error messages.
  public static func parseHeader(_ bytes: UnsafeRawBufferPointer, name: String)
    throws(CaptureError) -> Header
  {
    func bad(_ reason: String) -> CaptureError { .badFile(path: name, reason: reason) }
    guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P") else {
      throw bad("not a PGM image (no 'P5' magic number)")
    }
    guard bytes[1] == UInt8(ascii: "5") else {
      if bytes[1] == UInt8(ascii: "2") {
        throw bad(
          "plain (ASCII) PGM 'P2' is not supported; convert with 'pnmtopnm' or save as binary")
      }
      throw bad("not a binary PGM (magic 'P\(Character(Unicode.Scalar(bytes[1])))', expected 'P5')")
    }
    var position = 2
    // libnetpbm's pm_getc: a comment reads as the newline that ends it.
    func nextChar() -> UInt8? {
      guard position < bytes.count else { return nil }
      var c = bytes[position]
      position += 1
      if c == UInt8(ascii: "#") {
        while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D {
          position += 1
        }
        guard position < bytes.count else { return nil }
        c = bytes[position]
        position += 1
      }
      return c
    }
    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (0x09...0x0D).contains(c) }
    func number(_ field: String) throws(CaptureError) -> Int {
      var c = nextChar()
      while let s = c, isSpace(s) { c = nextChar() }
      guard let first = c, (0x30...0x39).contains(first) else {
        throw bad(c == nil ? "header ends before the \(field)" : "\(field) is not a decimal number")
      }
      var value = Int(first - 0x30)
      while true {
        guard let d = nextChar() else { throw bad("header ends inside the \(field)") }
        if (0x30...0x39).contains(d) {
          value = value * 10 + Int(d - 0x30)
          guard value <= 1_000_000 else { throw bad("\(field) is absurdly large") }
        } else if isSpace(d) {
          return value
        } else {
          throw bad("\(field) is followed by '\(Character(Unicode.Scalar(d)))', not whitespace")
        }
      }
    }
    let width = try number("width")
    let height = try number("height")
    let maxValue = try number("maxval")
    guard width >= 1, height >= 1 else { throw bad("empty image (\(width)x\(height))") }
    guard width <= maxSide, height <= maxSide, width * height <= maxPixels else {
      throw bad(
        "\(width)x\(height) is larger than the \(maxSide)-pixel / \(maxPixels)-pixel limits")
    }
    guard maxValue >= 1 else { throw bad("maxval is 0") }
    guard maxValue <= 255 else {
      throw bad("maxval \(maxValue) means 16-bit samples; only 8-bit PGM is supported")
    }
    return Header(
      format: FrameFormat(width: width, height: height), maxValue: maxValue, dataOffset: position)
  }

  /// Decodes a PGM into `out` (at least width·height bytes). Samples are scaled to 0…255 when
  /// maxval is below 255, so every frame reaches the network on one scale.
  @discardableResult
  public static func decode(
    _ bytes: UnsafeRawBufferPointer, name: String, into out: UnsafeMutableBufferPointer<UInt8>
  ) throws(CaptureError) -> Header {
    let header = try parseHeader(bytes, name: name)
    let count = header.format.byteCount
    let available = bytes.count - header.dataOffset
    guard available >= count else {
      throw .badFile(path: name, reason: "truncated: \(available) of \(count) pixel bytes")
    }
    guard out.count >= count else {
      throw .badFile(
        path: name, reason: "\(header.format) image does not fit a \(out.count)-byte frame buffer")
    }
    let maxValue = header.maxValue
    if maxValue == 255, let source = bytes.baseAddress, let target = out.baseAddress {
      target.update(
        from: (source + header.dataOffset).assumingMemoryBound(to: UInt8.self), count: count)
      return header
    }
    for i in 0..<count {
      let sample = bytes[header.dataOffset + i]
      guard Int(sample) <= maxValue else {
        throw .badFile(path: name, reason: "sample \(sample) above maxval \(maxValue)")
      }
      out[i] = UInt8((Int(sample) * 255 + maxValue / 2) / maxValue)
    }
    return header
  }

  /// Decodes a PGM held in an array, returning its size and pixels.
  public static func decode(_ bytes: [UInt8], name: String) throws(CaptureError) -> (
    format: FrameFormat, pixels: [UInt8]
  ) {
    let result: Result<(FrameFormat, [UInt8]), CaptureError> = bytes.withUnsafeBytes { raw in
      do throws(CaptureError) {
        let header = try parseHeader(raw, name: name)
        // A short file is refused before its claimed size is allocated (up to 64 MiB).
        let available = raw.count - header.dataOffset
        guard available >= header.format.byteCount else {
          throw .badFile(
            path: name, reason: "truncated: \(available) of \(header.format.byteCount) pixel bytes")
        }
        var pixels = [UInt8](repeating: 0, count: header.format.byteCount)
        let decoded: Result<Header, CaptureError> = pixels.withUnsafeMutableBufferPointer { out in
          do throws(CaptureError) { return .success(try decode(raw, name: name, into: out)) } catch
          {
            return .failure(error)
          }
        }
        return .success((try decoded.get().format, pixels))
      } catch {
        return .failure(error)
      }
    }
    let (format, pixels) = try result.get()
    return (format, pixels)
  }

  /// Encodes 8-bit luma as a binary PGM with maxval 255 and the shortest standard header.
  public static func encode(_ pixels: UnsafeBufferPointer<UInt8>, format: FrameFormat) -> [UInt8] {
    precondition(pixels.count >= format.byteCount, "pixel buffer smaller than the frame")
    var out = Array("P5\n\(format.width) \(format.height)\n255\n".utf8)
    out.reserveCapacity(out.count + format.byteCount)
    out.append(contentsOf: UnsafeBufferPointer(rebasing: pixels[0..<format.byteCount]))
    return out
  }
}
