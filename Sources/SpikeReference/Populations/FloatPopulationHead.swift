public import SpikeCore

/// Float twin of `PopulationHead`: the same step order and decision rule on Float32 state
/// (`decay` is `x · (1 − d/4096)`, no truncation). `learn` (in `FloatPopulationHead+RSTDP`)
/// runs the same simulation with traces and applies the reward.
public struct FloatPopulationHead: FloatWindowHead {
  /// Sizes and decays.
  public let config: PopulationHeadConfig
  /// Weights, thresholds, inhibition.
  public var parameters: FloatPopulationHeadParameters
  /// Spikes per population over the last window.
  public internal(set) var counts: [Int32]
  /// Every population's share of the output spikes in the last window, Q15.
  public var classScores: [Int16] { Self.shares(counts) }
  /// Summed input per population over the last window (the tie-breaker).
  public internal(set) var drive: [Float]
  var input: [Float]
  var current: [Float]
  var voltage: [Float]
  var lastSpikes: [Int32]
  var nowSpikes: [Int32]
  var spiked: [Bool]
  /// Spikes per neuron over the last window.
  public internal(set) var neuronCounts: [Int32]
  /// Largest |input|, |current| and |voltage| seen since `resetRange()` (for calibration).
  public internal(set) var stateRange: Float = 0
  /// Frames per window, K.
  public var tokens: Int { config.tokens }
  /// Features per frame, F.
  public var features: Int { config.features }

  /// Builds the head; throws when the parameters do not fit the config.
  public init(config: PopulationHeadConfig, parameters: FloatPopulationHeadParameters)
    throws(ConfigError)
  {
    try config.validate()
    if let problem = parameters.problem(for: config) {
      throw .inconsistent("R-STDP head: \(problem)")
    }
    (self.config, self.parameters) = (config, parameters)
    counts = [Int32](repeating: 0, count: config.classes)
    drive = [Float](repeating: 0, count: config.classes)
    input = [Float](repeating: 0, count: config.neurons)
    current = input
    voltage = input
    lastSpikes = counts
    nowSpikes = counts
    neuronCounts = [Int32](repeating: 0, count: config.neurons)
    spiked = [Bool](repeating: false, count: config.neurons)
  }

  /// Classifies one window `[K][F]`; score is the winner's share of the output spikes.
  public mutating func classify(_ window: [Float]) -> FloatDecision {
    var none: FloatPopulationTraces? = nil
    run(window, traces: &none)
    return decision()
  }

  /// Forgets the recorded state range.
  public mutating func resetRange() { stateRange = 0 }

  /// The decision from `counts` and `drive` (same rule as the integer head).
  func decision() -> FloatDecision {
    let (best, total) = Readout.population(counts: counts, drive: drive)
    return FloatDecision(
      classIndex: best, score: total > 0 ? Float(counts[best]) / Float(total) : 0)
  }

  /// Simulates the window from rest; with `traces`, also keeps the R-STDP traces.
  mutating func run(_ window: [Float], traces: inout FloatPopulationTraces?) {
    precondition(window.count == config.tokens * config.features, "window size")
    let n = config.neurons
    let f = config.features
    let perClass = config.perClass
    let keepI = 1 - Float(config.currentDecay) / 4096
    let keepV = 1 - Float(config.voltageDecay) / 4096
    for k in 0..<n {
      current[k] = 0
      voltage[k] = 0
      neuronCounts[k] = 0
      spiked[k] = false
    }
    for p in 0..<config.classes {
      counts[p] = 0
      drive[p] = 0
      lastSpikes[p] = 0
    }
    traces?.start()
    var lastTotal: Int32 = 0
    var range = stateRange
    window.withUnsafeBufferPointer { x in
      parameters.weights.withUnsafeBufferPointer { w in
        for t in 0..<config.tokens {
          let frame = t * f
          for k in 0..<n {
            let row = k * f
            var sum: Float = 0
            for j in 0..<f { sum += w[row + j] * x[frame + j] }
            input[k] = sum
            drive[k / perClass] += sum
            range = max(range, abs(sum))
          }
          for _ in 0..<config.substeps {
            for p in 0..<config.classes { nowSpikes[p] = 0 }
            traces?.beforeStep(x: UnsafeBufferPointer(rebasing: x[frame..<frame + f]))
            for k in 0..<n {
              let p = k / perClass
              let own = Float(lastSpikes[p]) - (spiked[k] ? 1 : 0)
              let inhibit =
                parameters.inhibition * Float(lastTotal - lastSpikes[p])
                + parameters.selfInhibition * own
              current[k] = current[k] * keepI + input[k]
              voltage[k] = voltage[k] * keepV + current[k] - inhibit
              range = max(range, abs(current[k]), abs(voltage[k]))
              spiked[k] = voltage[k] > parameters.thresholds[k]
              if spiked[k] {
                voltage[k] = 0
                nowSpikes[p] += 1
                neuronCounts[k] += 1
                traces?.postSpike(k)
              }
            }
            traces?.afterStep()
            lastTotal = 0
            for p in 0..<config.classes {
              lastSpikes[p] = nowSpikes[p]
              counts[p] += nowSpikes[p]
              lastTotal += nowSpikes[p]
            }
          }
          traces?.endFrame()
        }
      }
    }
    stateRange = range
  }
}
