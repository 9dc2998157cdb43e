/// Which spike encoder the classifier's front end uses (`PipelineConfig.encoder`). Every encoder
/// lays its channels out pixel-major, channel `pixel · channels + c`, so the event router only
/// needs the channel count. Seeded encoders draw from `PipelineConfig.seed` and rewind per clip.
public enum PipelineEncoder: Sendable, Equatable {
  /// ON/OFF frame-difference events (`FrameDifferenceEncoder`, 2 channels): sees motion.
  case frameDifference
  /// Time to first spike (`TTFSEncoder`, 1 channel): brighter pixels fire earlier.
  case ttfs
  /// Rate coding (`RateEncoder`, 1 channel, white fires every step): seeded Bernoulli spikes.
  case rate
  /// The paper's Poisson values (`PoissonValuesEncoder`, 1 channel, white fires T times).
  case poisson
  /// Gaussian receptive fields (`GaussianFieldEncoder`, `fields` channels, 1…16).
  case gaussian(fields: Int)

  /// Fields per pixel of `gaussian` when none is given.
  public static let defaultGaussianFields = 4

  /// Spike channels per pixel the encoder emits.
  public var channels: Int {
    switch self {
    case .frameDifference: 2
    case .ttfs, .rate, .poisson: 1
    case .gaussian(let fields): fields
    }
  }

  /// The name used by `train --encoder` and the `encoder` key: `frame-difference`, `ttfs`,
  /// `rate`, `poisson` or `gaussian:M`.
  public var name: String {
    switch self {
    case .frameDifference: "frame-difference"
    case .ttfs: "ttfs"
    case .rate: "rate"
    case .poisson: "poisson"
    case .gaussian(let fields): "gaussian:\(fields)"
    }
  }

  /// Field width of `gaussian` in Q8 grey levels: half the centre spacing `255/(m−1)` (m ≥ 2),
  /// so neighbouring fields cross at about e^(−1/2); a single field spans the whole range.
  public static func gaussianWidthQ8(fields m: Int) -> Int {
    m <= 1 ? 255 * 256 : max(1, 255 * 256 / (2 * (m - 1)))
  }
}
