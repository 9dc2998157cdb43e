/// The one place where any input becomes network input (Gesture-9's live recipe):
/// 8-bit luma, area-average downscale so the height becomes `scaledHeight`, then a centre crop
/// of `output`. Live cameras, video files and clip folders all go through this.
public struct Preprocess: Sendable, Equatable {
  /// Size of the network input, e.g. 64×64.
  public var output: FrameFormat
  /// Height after the downscale and before the crop (Gesture-9 uses 96 for a 64×64 crop).
  public var scaledHeight: Int

  public init(output: FrameFormat, scaledHeight: Int) {
    precondition(scaledHeight >= output.height, "scaled height must cover the crop")
    (self.output, self.scaledHeight) = (output, scaledHeight)
  }

  /// Gesture-9: downscale to 96 px high, centre-crop 64×64.
  public static let gesture9 = Preprocess(output: FrameFormat(width: 64, height: 64), scaledHeight: 96)

  /// What `run` gives a model whose input is `output`: Gesture-9's recipe for 64×64, else the
  /// same square of the scene, the centre `output` of the frame scaled to 3/2 of its height.
  public static func live(for output: FrameFormat) -> Preprocess {
    output == gesture9.output
      ? gesture9 : Preprocess(output: output, scaledHeight: output.height * 3 / 2)
  }

  /// Size after the downscale: aspect ratio kept, height `scaledHeight`, at least the crop wide.
  public func scaledFormat(for input: FrameFormat) -> FrameFormat {
    let width = max(output.width, (input.width * scaledHeight + input.height / 2) / input.height)
    return FrameFormat(width: width, height: scaledHeight)
  }

  /// Downscales `input` (luma, `inputFormat`) and crops the centre into `out` (`output` size).
  /// Integer area averaging: each output pixel is the rounded mean of the input pixels its
  /// footprint covers (nearest source rows/columns when upscaling). No allocation.
  public func apply(
    _ input: UnsafeBufferPointer<UInt8>, format inputFormat: FrameFormat,
    into out: UnsafeMutableBufferPointer<UInt8>
  ) {
    precondition(input.count >= inputFormat.byteCount, "input smaller than its format")
    precondition(out.count >= output.byteCount, "output buffer smaller than the network input")
    let scaled = scaledFormat(for: inputFormat)
    let cropX = (scaled.width - output.width) / 2
    let cropY = (scaled.height - output.height) / 2
    for oy in 0..<output.height {
      let sy = oy + cropY
      let y0 = sy * inputFormat.height / scaled.height
      let y1 = max(y0 + 1, (sy + 1) * inputFormat.height / scaled.height)
      for ox in 0..<output.width {
        let sx = ox + cropX
        let x0 = sx * inputFormat.width / scaled.width
        let x1 = max(x0 + 1, (sx + 1) * inputFormat.width / scaled.width)
        var sum = 0
        for y in y0..<y1 {
          let row = y * inputFormat.width
          for x in x0..<x1 { sum += Int(input[row + x]) }
        }
        let count = (y1 - y0) * (x1 - x0)
        out[oy * output.width + ox] = UInt8((sum + count / 2) / count)
      }
    }
  }
}
