import SpikeCore
import SpikeModel
import SpikeReference

/// Loading that works for both classifier heads (attention and the R-STDP populations).
extension ModelSupport {
  /// A float model of either head, refusing an integer one.
  static func floatTwin(_ path: String, trust: ModelTrust = ModelTrust()) throws(CLIError)
    -> ClassifierModelFile.Model
  {
    let m = try model(path, trust: trust)
    guard m.isFloat else {
      throw .badInput("\(path): is an int8 model; give the float model that `spikecam train` wrote")
    }
    return m
  }

  /// The integer streaming pipeline of an int8 model of either head.
  static func integerPipeline(_ m: ClassifierModelFile.Model, path: String) throws(CLIError)
    -> any FrameClassifier
  {
    do throws(ConfigError) {
      switch m {
      case .int8(let q): return try q.makePipeline()
      case .populationInt8(let q): return try q.makePipeline()
      case .float, .populationFloat:
        throw .inconsistent("is a float model; give the int8 model from `spikecam quantize`")
      }
    } catch {
      throw .badInput("\(path): \(error.description)")
    }
  }
}
