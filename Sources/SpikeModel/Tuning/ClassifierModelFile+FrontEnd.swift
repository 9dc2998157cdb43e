import SpikeCore

extension ClassifierModelFile.Model {
  /// The model's integer front end (an int8 model's as stored, a float model's rounded: the
  /// float twin learns on the integer grid), built on `pipeline` when given (the same network
  /// sizes with other encoder settings, e.g. the pan compensation off).
  public func integerExtractor(pipeline: PipelineConfig? = nil) throws(ConfigError)
    -> SpikeFeatureExtractor
  {
    let extractor: SpikeFeatureExtractor
    switch self {
    case .float(let m): extractor = try m.frontEnd.quantized().makeExtractor()
    case .int8(let m): extractor = try m.makePipeline(learning: nil).extractor
    }
    guard let pipeline else { return extractor }
    return try SpikeFeatureExtractor(config: pipeline, network: extractor.network)
  }
}
