import SpikeCapture
import SpikeFuzzSupport

/// One decoder for every input, as a camera has: its 4 MiB buffer bounds the frames accepted.
nonisolated(unsafe) var decoder = JPEGDecoder(capacity: 1 << 22)

/// Decodes the input through the libjpeg shim at full size, then again with DCT scaling
/// (1/2, 1/4 or 1/8, picked by the last byte, which a JPEG ignores after its EOI). Every input
/// must decode into the buffer or be refused with a `DecodeError`.
func fuzzJPEG(_ data: UnsafeRawBufferPointer) {
  var source = (width: 1, height: 1)
  do {
    let info = try decoder.decode(data)
    check(info)
    precondition(info.scaleDenominator == 1, "full-size decode was scaled")
    source = (info.sourceWidth, info.sourceHeight)
  } catch {
    precondition(!error.description.isEmpty)
  }
  let shift = 1 + Int(data.last ?? 0) % 3
  let round = (1 << shift) - 1
  do {
    let info = try decoder.decode(
      data, minWidth: (source.width + round) >> shift, minHeight: (source.height + round) >> shift)
    check(info)
  } catch {
    precondition(!error.description.isEmpty)
  }
}

func check(_ info: DecodedFrameInfo) {
  precondition(info.width >= 1 && info.height >= 1, "empty image decoded")
  precondition(info.width * info.height <= decoder.pixels.count, "decode overran the buffer")
  precondition([1, 2, 4, 8].contains(info.scaleDenominator), "unknown DCT scale")
  precondition(info.width <= info.sourceWidth && info.height <= info.sourceHeight)
}

#if SPIKECAM_FUZZ
  @c(LLVMFuzzerTestOneInput)
  func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzJPEG(UnsafeRawBufferPointer(start: data, count: size))
    return 0
  }
#else
  @main enum Replay {
    static func main() { FuzzReplay.run(fuzzJPEG) }
  }
#endif
