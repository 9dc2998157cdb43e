/// Activity homeostasis (the paper's `acticityHomeostasis`, in integers): every `window` steps
/// each neuron's θ moves by `gain · (spikes in the window − target)`, so over-active neurons
/// get a higher threshold and silent ones a lower one, toward `target` spikes per window.
/// - Format: counts `Int32`; `gain` in current units per spike, 0…2¹⁶.
public struct HomeostasisParameters: Sendable, Equatable {
  /// Window length in steps.
  public var window: Int
  /// Target spikes per window.
  public var target: Int32
  /// θ change per spike of error.
  public var gain: Int32

  /// Creates parameters.
  public init(window: Int, target: Int32, gain: Int32) {
    (self.window, self.target, self.gain) = (window, target, gain)
  }

  /// Checks every range once.
  public func validate() throws(ConfigError) {
    try ConfigError.check("homeostasis window", window, 1, 1 << 20)
    try ConfigError.check("homeostasis target", Int(target), 0, window)
    try ConfigError.check("homeostasis gain", Int(gain), 0, 1 << 16)
  }
}

/// The running state of activity homeostasis for one layer: the window and its spike counts,
/// which only count, so both twins keep them here and differ only in how θ moves
/// (`update(spikes:layer:)` for each twin's layer).
public struct Homeostasis: Sendable, Equatable {
  /// Validated parameters.
  public let parameters: HomeostasisParameters
  /// Spikes per neuron in the current window.
  public internal(set) var counts: [Int32]
  /// Steps into the current window.
  public internal(set) var phase: Int

  /// Creates the state for `count` neurons.
  public init(count: Int, parameters: HomeostasisParameters) throws(ConfigError) {
    try parameters.validate()
    self.parameters = parameters
    counts = [Int32](repeating: 0, count: count)
    phase = 0
  }

  /// Starts a new window.
  public mutating func reset() {
    for j in counts.indices { counts[j] = 0 }
    phase = 0
  }

  /// Counts one step's spikes. At the end of a window, calls `adjust(j, error)` for every
  /// neuron `j` in order, `error` being its spikes in the window minus `target`, and starts the
  /// next window.
  public mutating func tally(_ spikes: [Bool], atWindowEnd adjust: (Int, Int64) -> Void) {
    for j in counts.indices where spikes[j] { counts[j] += 1 }
    phase += 1
    if phase < parameters.window { return }
    for j in counts.indices {
      adjust(j, Int64(counts[j]) - Int64(parameters.target))
      counts[j] = 0
    }
    phase = 0
  }

  /// Counts one step's spikes; at the end of a window adjusts θ of `layer` by
  /// `gain · error`, saturated.
  public mutating func update(spikes: [Bool], layer: inout LIFLayer) {
    let gain = Int64(parameters.gain)
    tally(spikes) { j, error in layer.adjustTheta(j, by: Int32(clamping: gain * error)) }
  }
}
