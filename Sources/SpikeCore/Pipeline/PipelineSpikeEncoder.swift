/// The integer encoder `PipelineConfig.encoder` names, built once from the config. Each kind
/// sits in its own optional so encoding mutates it in place (an enum payload would be copied,
/// and a copied frame-difference reference would allocate on the next write).
public struct PipelineSpikeEncoder: SpikeEncoder, Sendable {
  /// Which encoder this is.
  public let kind: PipelineEncoder
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  private var frameDifference: FrameDifferenceEncoder?
  private var ttfs: TTFSEncoder?
  private var rate: RateEncoder?
  private var poisson: PoissonValuesEncoder?
  private var gaussian: GaussianFieldEncoder?

  /// Builds the encoder for `config`; seeded kinds draw from `config.seed`.
  public init(config c: PipelineConfig) throws(EncoderError) {
    kind = c.encoder
    shape = try EncoderShape(
      pixelCount: c.pixels, timesteps: c.timesteps, channelsPerPixel: c.encoder.channels,
      maxTimesteps: 1 << 16)
    switch c.encoder {
    case .frameDifference:
      frameDifference = try FrameDifferenceEncoder(
        width: c.width, height: c.height, timesteps: c.timesteps, threshold: c.eventThreshold,
        panSearch: c.panSearch, panConsensus: c.panConsensus,
        adaptation: c.adaptiveThreshold)
    case .ttfs:
      ttfs = try TTFSEncoder(pixelCount: c.pixels, timesteps: c.timesteps)
    case .rate:
      rate = try RateEncoder(pixelCount: c.pixels, timesteps: c.timesteps, seed: c.seed)
    case .poisson:
      poisson = try PoissonValuesEncoder(
        pixelCount: c.pixels, timesteps: c.timesteps, steps: c.timesteps, seed: c.seed)
    case .gaussian(let fields):
      gaussian = try GaussianFieldEncoder(
        pixelCount: c.pixels, timesteps: c.timesteps, fieldsPerPixel: fields,
        widthQ8: PipelineEncoder.gaussianWidthQ8(fields: fields))
    }
  }

  /// Encodes one frame into `planes` with the chosen encoder; never allocates.
  public mutating func encode(_ frame: UnsafeBufferPointer<UInt8>, into planes: inout SpikePlanes) {
    switch kind {
    case .frameDifference: frameDifference!.encode(frame, into: &planes)
    case .ttfs: ttfs!.encode(frame, into: &planes)
    case .rate: rate!.encode(frame, into: &planes)
    case .poisson: poisson!.encode(frame, into: &planes)
    case .gaussian: gaussian!.encode(frame, into: &planes)
    }
  }

  /// Forgets the reference frame or rewinds the random stream to the seed.
  public mutating func reset() {
    frameDifference?.reset()
    ttfs?.reset()
    rate?.reset()
    poisson?.reset()
    gaussian?.reset()
  }
}
