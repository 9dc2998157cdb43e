public import SpikeCore

/// Float twin of `PipelineSpikeEncoder`: the float twin of the encoder `PipelineConfig.encoder`
/// names, with the same parameters and seed.
public struct FloatPipelineSpikeEncoder: SpikeEncoder, Sendable {
  /// Which encoder this is.
  public let kind: PipelineEncoder
  /// Pixels in, steps per frame and spike channels out.
  public let shape: EncoderShape
  private var frameDifference: FloatFrameDifferenceEncoder?
  private var ttfs: FloatTTFSEncoder?
  private var rate: FloatRateEncoder?
  private var poisson: FloatPoissonValuesEncoder?
  private var gaussian: FloatGaussianFieldEncoder?

  /// Builds the encoder for `config`; seeded kinds draw from `config.seed`.
  public init(config c: PipelineConfig) throws(EncoderError) {
    kind = c.encoder
    shape = try EncoderShape(
      pixelCount: c.pixels, timesteps: c.timesteps, channelsPerPixel: c.encoder.channels,
      maxTimesteps: 1 << 16)
    switch c.encoder {
    case .frameDifference:
      frameDifference = try FloatFrameDifferenceEncoder(
        width: c.width, height: c.height, timesteps: c.timesteps,
        threshold: Float(c.eventThreshold), panSearch: c.panSearch, panConsensus: c.panConsensus,
        adaptation: c.adaptiveThreshold)
    case .ttfs:
      ttfs = try FloatTTFSEncoder(pixelCount: c.pixels, timesteps: c.timesteps)
    case .rate:
      rate = try FloatRateEncoder(pixelCount: c.pixels, timesteps: c.timesteps, seed: c.seed)
    case .poisson:
      poisson = try FloatPoissonValuesEncoder(
        pixelCount: c.pixels, timesteps: c.timesteps, steps: c.timesteps, seed: c.seed)
    case .gaussian(let fields):
      gaussian = try FloatGaussianFieldEncoder(
        pixelCount: c.pixels, timesteps: c.timesteps, fieldsPerPixel: fields,
        width: Float(PipelineEncoder.gaussianWidthQ8(fields: fields)) / 256)
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
