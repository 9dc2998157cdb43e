import SpikeCore

/// JSON form of the R-STDP head's sizes, as stored in `__metadata__.config`.
extension PopulationHeadConfig: IntegerFields {
  static var fields: [(key: String, path: WritableKeyPath<PopulationHeadConfig, Int>)] {
    [
      ("tokens", \.tokens), ("features", \.features), ("classes", \.classes),
      ("perClass", \.perClass), ("substeps", \.substeps), ("currentDecay", \.currentDecay),
      ("voltageDecay", \.voltageDecay),
    ]
  }
  static var blank: PopulationHeadConfig { PopulationHeadConfig(tokens: 0, features: 0, classes: 0) }
}
