/// The paper's class-population head, integer-only (docs/ARCHITECTURE.md, "Kernels"; trained
/// by R-STDP in its float twin's `learn`).
///
/// For each of the K frames of a window, held for `substeps` steps, every output neuron i does
/// ```
/// a_i = sat24((Σ_j w_ij · x_j) << stateShift)                 int32 sum, once per frame
/// i   ← sat24(decay(i, dI) + a_i)
/// v   ← sat24(decay(v, dV) + i − inhibition · (spikes of the other populations last step)
///                             − selfInhibition · (other spikes of its own population last step))
/// if v > threshold_i { spike; v ← 0 }                         strict >, like LIFLayer
/// ```
/// The class is the population with the most spikes over the window; ties (also a silent
/// window) go to the population with the larger summed input `Σ a_i`, then to the lower index.
/// Each window starts from rest, so a decision depends only on its K frames (as the attention
/// head's does). Buffers are allocated in `init`; `classify` allocates nothing.
public struct PopulationHead: WindowHead {
  /// Sizes and decays.
  public let config: PopulationHeadConfig
  /// Weights, thresholds, inhibition, shift.
  public let parameters: PopulationHeadParameters8
  /// Frames per window, K.
  public var tokens: Int { config.tokens }
  /// Features per frame, F.
  public var features: Int { config.features }
  /// Spikes per population over the last window.
  public private(set) var counts: [Int32]
  /// Summed input per population over the last window (the tie-breaker).
  public private(set) var drive: [Int64]
  /// Every population's share of the output spikes in the last window, Q15 (0 for a silent
  /// window; the decision's score is its class's entry).
  public private(set) var classScores: [Int16]
  // Per neuron: input of the frame, synaptic current, membrane; per population: spikes of the
  // last step and of this one; per neuron: whether it spiked in the last step.
  private var input, current, voltage, lastSpikes, nowSpikes: [Int32]
  private var spiked: [Bool]

  /// Builds the head; throws when the parameters do not fit the config.
  public init(config: PopulationHeadConfig, parameters: PopulationHeadParameters8)
    throws(ConfigError)
  {
    try config.validate()
    if let problem = parameters.problem(for: config) {
      throw .inconsistent("R-STDP head: \(problem)")
    }
    (self.config, self.parameters) = (config, parameters)
    counts = [Int32](repeating: 0, count: config.classes)
    drive = [Int64](repeating: 0, count: config.classes)
    classScores = [Int16](repeating: 0, count: config.classes)
    input = [Int32](repeating: 0, count: config.neurons)
    current = input
    voltage = input
    lastSpikes = counts
    nowSpikes = counts
    spiked = [Bool](repeating: false, count: config.neurons)
  }

  /// Classifies one window `[K][F]` of features (time order). Score: the winner's share of all
  /// output spikes in Q15 (0 for a silent window).
  public mutating func classify(_ window: [Int8]) -> Decision {
    precondition(window.count == config.tokens * config.features, "window size")
    let n = config.neurons
    let f = config.features
    let perClass = config.perClass
    let dI = Int32(config.currentDecay)
    let dV = Int32(config.voltageDecay)
    let shift = Int64(parameters.stateShift)
    for k in 0..<n {
      current[k] = 0
      voltage[k] = 0
      spiked[k] = false
    }
    for p in 0..<config.classes {
      counts[p] = 0
      drive[p] = 0
      lastSpikes[p] = 0
    }
    var lastTotal: Int32 = 0
    window.withUnsafeBufferPointer { x in
      parameters.weights.withUnsafeBufferPointer { w in
        for t in 0..<config.tokens {
          let frame = t * f
          for k in 0..<n {
            let row = k * f
            var sum: Int32 = 0
            for j in 0..<f { sum &+= Int32(w[row + j]) * Int32(x[frame + j]) }
            input[k] = sat24(Int64(sum) << shift)
            drive[k / perClass] += Int64(input[k])
          }
          for _ in 0..<config.substeps {
            for p in 0..<config.classes { nowSpikes[p] = 0 }
            for k in 0..<n {
              let p = k / perClass
              let own = Int64(lastSpikes[p]) - (spiked[k] ? 1 : 0)
              let inhibit =
                Int64(parameters.inhibition) * Int64(lastTotal - lastSpikes[p])
                + Int64(parameters.selfInhibition) * own
              current[k] = sat24(Int64(decay(current[k], dI)) + Int64(input[k]))
              voltage[k] = sat24(Int64(decay(voltage[k], dV)) + Int64(current[k]) - inhibit)
              spiked[k] = voltage[k] > parameters.thresholds[k]
              if spiked[k] {
                voltage[k] = 0
                nowSpikes[p] += 1
              }
            }
            lastTotal = 0
            for p in 0..<config.classes {
              lastSpikes[p] = nowSpikes[p]
              counts[p] += nowSpikes[p]
              lastTotal += nowSpikes[p]
            }
          }
        }
      }
    }
    let (best, total) = Readout.population(counts: counts, drive: drive)
    Readout.shares(counts: counts, total: total, into: &classScores)
    return Decision(classIndex: best, score: classScores[best])
  }
}
