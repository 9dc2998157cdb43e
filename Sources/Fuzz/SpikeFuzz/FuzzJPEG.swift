import SpikeCapture

/// One decoder for every input, as a camera has: its 4 MiB buffer bounds the frames accepted.
nonisolated(unsafe) var jpegDecoder = JPEGDecoder(capacity: 1 << 22)

/// Decodes the input through the libjpeg shim at full size, then again with DCT scaling
/// (1/2, 1/4 or 1/8, picked by the last byte, which a JPEG ignores after its EOI). Every input
/// must decode into the buffer or be refused with a `DecodeError`.
public func fuzzJPEG(_ data: UnsafeRawBufferPointer) {
  var source = (width: 1, height: 1)
  do {
    let info = try jpegDecoder.decode(data)
    checkJPEG(info)
    precondition(info.scaleDenominator == 1, "full-size decode was scaled")
    source = (info.sourceWidth, info.sourceHeight)
  } catch {
    precondition(!error.description.isEmpty)
  }
  let shift = 1 + Int(data.last ?? 0) % 3
  let round = (1 << shift) - 1
  do {
    let info = try jpegDecoder.decode(
      data, minWidth: (source.width + round) >> shift, minHeight: (source.height + round) >> shift)
    checkJPEG(info)
  } catch {
    precondition(!error.description.isEmpty)
  }
}

func checkJPEG(_ info: DecodedFrameInfo) {
  precondition(info.width >= 1 && info.height >= 1, "empty image decoded")
  precondition(info.width * info.height <= jpegDecoder.pixels.count, "decode overran the buffer")
  precondition([1, 2, 4, 8].contains(info.scaleDenominator), "unknown DCT scale")
  precondition(info.width <= info.sourceWidth && info.height <= info.sourceHeight)
}
