/// Gaussian receptive-field ("positional") encoder: m fields per pixel, each fires once, early
/// when the pixel is near the field's centre (HyTSSN `positionalEncoding`).
///
/// Field k of pixel i is channel `i·m + k`. Its response is `r = e^(−(p − μ_k)²/(2σ²))` and its
/// spike step `⌊(1 − r)·(T−1)⌋`. Centres are `μ_k = 255·k/D` with `D = m − 1` (spanning 0…255,
/// the default) or `D = m` (the paper's, which never reach 255). Each field has a 256-entry
/// lookup table of spike steps indexed by the pixel value, built once at init from exact
/// rational distances and `FixedExponential`, so encoding is one table read per channel.
public struct GaussianFieldEncoder: SpikeEncoder, Sendable {
  /// Where the field centres sit on 0…255.
  public enum Centres: Sendable, Equatable {
    /// `μ_k = 255·k/(m−1)`: first at 0, last at 255 (a single field sits at 0).
    case spanning
    /// `μ_k = 255·k/m`, the paper's spacing; the last centre stops short of 255.
    case paper
  }

  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  /// Fields per pixel, m (1…64).
  public let fieldsPerPixel: Int
  /// Field width σ in pixel-value units, Q8 (256 = σ of 1; 1…65535).
  public let widthQ8: Int
  /// Centre spacing.
  public let centres: Centres
  /// Spike step of field k for pixel value p at `k·256 + p`.
  public let stepTable: [UInt8]

  /// Creates an encoder with `fieldsPerPixel` fields of width `widthQ8`/256 per pixel.
  public init(
    pixelCount: Int, timesteps: Int, fieldsPerPixel: Int, widthQ8: Int, centres: Centres = .spanning
  ) throws(EncoderError) {
    shape = try EncoderShape(
      pixelCount: pixelCount, timesteps: timesteps, channelsPerPixel: fieldsPerPixel)
    try EncoderError.check("fieldsPerPixel", fieldsPerPixel, in: 1...64)
    try EncoderError.check("widthQ8", widthQ8, in: 1...65535)
    (self.fieldsPerPixel, self.widthQ8, self.centres) = (fieldsPerPixel, widthQ8, centres)
    var table = [UInt8](repeating: 0, count: fieldsPerPixel * 256)
    for k in 0..<fieldsPerPixel {
      for p in 0..<256 {
        table[k * 256 + p] = UInt8(
          Self.spikeStep(
            value: p, field: k, fields: fieldsPerPixel, widthQ8: widthQ8,
            centres: centres, timesteps: timesteps))
      }
    }
    stepTable = table
  }

  /// Denominator D of the centres `μ_k = 255·k/D`.
  public static func centreDenominator(fields m: Int, centres: Centres) -> Int {
    centres == .paper ? m : max(m - 1, 1)
  }

  /// Spike step of field `k` for pixel value `p`, from the integer Gaussian response.
  public static func spikeStep(
    value p: Int, field k: Int, fields m: Int, widthQ8: Int, centres: Centres, timesteps: Int
  ) -> Int {
    let d = Int64(centreDenominator(fields: m, centres: centres))
    // (p − 255k/D)² / (2σ²) = (pD − 255k)² · 2¹⁶ / (2 D² σQ8²); times 2¹⁶ more for Q16.
    // (255·64)² · 2³² < 2⁶³, so the numerator fits.
    let distance = Int64(p) * d - 255 * Int64(k)
    let numerator = (distance * distance) << 32
    let denominator = 2 * d * d * Int64(widthQ8) * Int64(widthQ8)
    let xQ16 = numerator / denominator
    let r = FixedExponential.q30(-xQ16)  // Q30, in [0, 2³⁰]
    // ⌊(1 − r)(T−1)⌋ with (1 − r) in Q30.
    return Int(((FixedExponential.oneQ30 - r) * Int64(timesteps - 1)) >> 30)
  }

  /// Encodes one frame into `planes`, overwriting every bit; never allocates.
  public func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    checkShapes(frame, planes)
    planes.clear()
    let m = fieldsPerPixel
    for i in 0..<pixelCount {
      let p = Int(frame[i])
      for k in 0..<m {
        planes.set(step: Int(stepTable[k * 256 + p]), channel: i * m + k)
      }
    }
  }

  /// Nothing carries over between frames: nothing to forget.
  public func reset() {}
}
