public import SpikeCore

/// Float twin of `Homeostasis`: the same window and counts (the integer description's values
/// are exact in float); every `window` steps θ moves by `gain · (count − target)` in float.
public typealias FloatHomeostasis = Homeostasis

extension Homeostasis {
  /// Counts one step's spikes; at the end of a window adjusts θ of the float `layer`.
  public mutating func update(spikes: [Bool], layer: inout FloatLIFLayer) {
    let gain = Float(parameters.gain)
    tally(spikes) { j, error in layer.adjustTheta(j, by: gain * Float(error)) }
  }
}
