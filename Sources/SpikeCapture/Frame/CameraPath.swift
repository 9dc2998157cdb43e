/// Puts network-size frames through what a webcam frame goes through before the classifier sees
/// it, so a model can be scored on the camera path without a camera: the 64×64 frame is placed
/// at the centre of the 128×96 image the live preprocessing would have made (margins repeat the
/// edge pixels), enlarged 5× bilinearly to 640×480, compressed as a JPEG like an MJPEG webcam's
/// frame, then decoded and preprocessed by the very `FrameConverter` that `spikecam run` uses
/// (DCT-scaled decode, area downscale to 96 rows, centre crop).
public struct CameraPath {
  /// The camera frame size.
  public static let camera = FrameFormat(width: 640, height: 480)
  /// JPEG quality of the simulated webcam (1…100).
  public let quality: Int
  /// The network input size.
  public let output: FrameFormat
  private var converter: FrameConverter
  private var canvas: [UInt8]
  private var large: [UInt8]

  /// A camera path to `preprocess.output` frames at JPEG `quality`. The output must fit the
  /// scaled image Gesture-9's recipe makes of a 640×480 frame (128×96).
  public init(preprocess: Preprocess = .gesture9, quality: Int = 80) {
    precondition((1...100).contains(quality), "JPEG quality is 1…100")
    let scaled = preprocess.scaledFormat(for: Self.camera)
    precondition(
      Self.camera.width % scaled.width == 0 && Self.camera.height % scaled.height == 0
        && Self.camera.width / scaled.width == Self.camera.height / scaled.height,
      "the camera frame must be a whole multiple of the scaled image")
    self.quality = quality
    output = preprocess.output
    converter = FrameConverter(
      stream: StreamFormat(pixelFormat: .mjpeg, width: Self.camera.width, height: Self.camera.height),
      preprocess: preprocess)
    canvas = [UInt8](repeating: 0, count: scaled.byteCount)
    large = [UInt8](repeating: 0, count: Self.camera.byteCount)
  }

  /// `frame` (`output` size) as `spikecam run` would see it from a webcam, into `out`; the
  /// reason when the decoder refused the frame (never for frames this type encoded).
  public mutating func apply(
    _ frame: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>
  ) -> SkipReason? {
    let scaled = converter.preprocess.scaledFormat(for: Self.camera)
    placeAtCentre(frame, scaled: scaled)
    enlarge(scaled: scaled, factor: Self.camera.width / scaled.width)
    let jpeg: [UInt8]
    do throws(DecodeError) {
      jpeg = try encodeGrayJPEG(
        large, width: Self.camera.width, height: Self.camera.height, quality: quality)
    } catch {
      return .emptyBuffer
    }
    return jpeg.withUnsafeBytes { converter.convert($0, into: out) }
  }

  /// The frame at the centre of the scaled image; the margins repeat the nearest edge pixel.
  private mutating func placeAtCentre(_ frame: UnsafeBufferPointer<UInt8>, scaled: FrameFormat) {
    let (w, h) = (output.width, output.height)
    let left = (scaled.width - w) / 2
    let top = (scaled.height - h) / 2
    for y in 0..<scaled.height {
      let sy = min(max(y - top, 0), h - 1)
      for x in 0..<scaled.width {
        let sx = min(max(x - left, 0), w - 1)
        canvas[y * scaled.width + x] = frame[sy * w + sx]
      }
    }
  }

  /// Bilinear enlargement by a whole `factor`, pixel centres aligned: output x samples the
  /// source at (2x + 1 − factor) / (2·factor), exact in integer units of 1/(2·factor).
  private mutating func enlarge(scaled: FrameFormat, factor: Int) {
    let (sw, sh) = (scaled.width, scaled.height)
    let unit = 2 * factor
    func tap(_ x: Int, _ limit: Int) -> (Int, Int, Int) {
      let p = 2 * x + 1 - factor
      let i = p >= 0 ? p / unit : -1
      let f = p - i * unit
      return (min(max(i, 0), limit - 1), min(max(i + 1, 0), limit - 1), f)
    }
    for y in 0..<Self.camera.height {
      let (y0, y1, fy) = tap(y, sh)
      for x in 0..<Self.camera.width {
        let (x0, x1, fx) = tap(x, sw)
        let top = Int(canvas[y0 * sw + x0]) * (unit - fx) + Int(canvas[y0 * sw + x1]) * fx
        let bottom = Int(canvas[y1 * sw + x0]) * (unit - fx) + Int(canvas[y1 * sw + x1]) * fx
        let sum = top * (unit - fy) + bottom * fy
        large[y * Self.camera.width + x] = UInt8((sum + unit * unit / 2) / (unit * unit))
      }
    }
  }
}
