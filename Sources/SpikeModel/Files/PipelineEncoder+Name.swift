public import SpikeCore

extension PipelineEncoder {
  /// The encoder named `name`, as `train --encoder` and the `encoder` key write it:
  /// `frame-difference`, `ttfs`, `rate`, `poisson`, `gaussian` (4 fields) or `gaussian:M`.
  public init(name: String) throws(ConfigError) {
    switch name {
    case "frame-difference": self = .frameDifference
    case "ttfs": self = .ttfs
    case "rate": self = .rate
    case "poisson": self = .poisson
    case "gaussian": self = .gaussian(fields: PipelineEncoder.defaultGaussianFields)
    default:
      if name.hasPrefix("gaussian:"), let m = Int(name.dropFirst("gaussian:".count)), m >= 1,
        m <= 16
      {
        self = .gaussian(fields: m)
      } else {
        throw .inconsistent(
          "encoder '\(name)' is unknown; use frame-difference, ttfs, rate, poisson or "
            + "gaussian[:M] with M fields per pixel in 1...16")
      }
    }
  }
}
