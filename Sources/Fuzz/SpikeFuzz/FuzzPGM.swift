import SpikeCapture

/// A frame buffer smaller than most images, to reach the "does not fit" refusal too.
nonisolated(unsafe) var pgmFrame = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 4096)

/// Reads the input as a PGM frame: it decodes to exactly width·height pixels within the size
/// limits, and re-encoding then decoding gives the same pixels; or it is refused with a
/// `CaptureError` that says why.
public func fuzzPGM(_ data: UnsafeRawBufferPointer) {
  do {
    let (format, pixels) = try PGM.decode(Array(data), name: "fuzz.pgm")
    precondition(pixels.count == format.byteCount, "pixel count differs from the header")
    precondition(format.byteCount <= PGM.maxPixels, "size limit not applied")
    let again = try pixels.withUnsafeBufferPointer { pixels throws(CaptureError) in
      try PGM.decode(PGM.encode(pixels, format: format), name: "again.pgm")
    }
    precondition(again.format == format && again.pixels == pixels, "encode/decode round trip")
  } catch {
    precondition(!error.description.isEmpty)
  }
  do {
    let header = try PGM.decode(data, name: "fuzz.pgm", into: pgmFrame)
    precondition(header.format.byteCount <= pgmFrame.count && header.dataOffset <= data.count)
  } catch {
    precondition(!error.description.isEmpty)
  }
}
