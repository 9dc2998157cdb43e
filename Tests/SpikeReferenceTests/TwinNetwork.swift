import SpikeCore
import SpikeReference

/// The API both network twins share, so one test body runs fixed and float.
protocol TwinNetwork {
  init(description: NetworkDescription) throws(ConfigError)
  mutating func present(_ input: SpikePlanes, learn: Bool)
  mutating func reset()
  var counts: [[Int32]] { get }
  var reward: Reward { get set }
  var learning: [Bool] { get set }
  func classify() -> Int?
  /// Weights of projection `p` as Float (exact for the integer twin).
  func floatWeights(projection p: Int) -> [Float]
}

extension SpikingNetwork: TwinNetwork {
  func floatWeights(projection p: Int) -> [Float] { weights(projection: p).map { Float($0) } }
}

extension FloatSpikingNetwork: TwinNetwork {
  func floatWeights(projection p: Int) -> [Float] { weights(projection: p) }
}
