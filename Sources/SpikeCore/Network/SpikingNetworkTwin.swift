/// Synapse storage in either twin (`SynapseMatrix`, its float twin): what a network's weight
/// access needs, whatever the number type.
public protocol SynapseStorage {
  /// The weight type (`Int8`, or real in the float twin).
  associatedtype Weight
  /// The connected synapses in storage order, pre-major (what a model file keeps).
  var weights: [Weight] { get }
  /// Every synapse as a dense pre-major array, absent ones 0 (allocates).
  func denseWeights() -> [Weight]
  /// Replaces the weights from a dense pre-major array.
  mutating func load(_ values: [Weight]) throws(ConfigError)
  /// Replaces the stored weights (connected synapses, storage order), clamped.
  mutating func load(stored values: [Weight]) throws(ConfigError)
}

/// A neuron layer in either twin whose adaptive threshold learning can be switched.
public protocol ThetaAdaptingLayer {
  /// θ⁺ and θ decay (0, 0 freezes θ).
  mutating func setThetaAdaptation(plus: Int32, decay: Int32) throws(ConfigError)
}

/// A spiking network in either twin (`SpikingNetwork`, its float twin): its weight access and
/// θ switches are written once here, over the projections' synapses and the layers each twin
/// gives access to.
public protocol SpikingNetworkTwin {
  /// The twin's synapse storage.
  associatedtype Synapses: SynapseStorage
  /// The twin's neuron layer.
  associatedtype Layer: ThetaAdaptingLayer
  /// Projections and layers.
  var projectionCount: Int { get }
  var layerCount: Int { get }
  /// Projection `p`'s synapses.
  func synapses(_ p: Int) -> Synapses
  /// Changes projection `p`'s synapses.
  mutating func updateSynapses(_ p: Int, _ change: (inout Synapses) throws(ConfigError) -> Void)
    throws(ConfigError)
  /// Changes layer `l`.
  mutating func updateLayer(_ l: Int, _ change: (inout Layer) throws(ConfigError) -> Void)
    throws(ConfigError)
}

extension SpikingNetworkTwin {
  /// The weights of projection `p` as a dense pre-major array (`[j · postCount + i]`, absent
  /// synapses 0). Allocates `preCount × postCount` weights for a sparse projection.
  public func weights(projection p: Int) -> [Synapses.Weight] { synapses(p).denseWeights() }

  /// Replaces the weights of projection `p` from a dense pre-major array.
  public mutating func setWeights(projection p: Int, _ values: [Synapses.Weight])
    throws(ConfigError)
  {
    try ConfigError.check("projection index", p, 0, projectionCount - 1)
    try updateSynapses(p) { (s) throws(ConfigError) in try s.load(values) }
  }

  /// The stored weights of projection `p`: its connected synapses in pre-major order (what a
  /// model file keeps).
  public func storedWeights(projection p: Int) -> [Synapses.Weight] { synapses(p).weights }

  /// Replaces the stored weights of projection `p` (e.g. from a model file), clamped.
  public mutating func setStoredWeights(projection p: Int, _ values: [Synapses.Weight])
    throws(ConfigError)
  {
    try ConfigError.check("projection index", p, 0, projectionCount - 1)
    try updateSynapses(p) { (s) throws(ConfigError) in try s.load(stored: values) }
  }

  /// Switches layer `l`'s adaptive-threshold learning (θ⁺, decay; 0, 0 freezes θ).
  public mutating func setThetaAdaptation(layer l: Int, plus: Int32, decay: Int32)
    throws(ConfigError)
  {
    try ConfigError.check("layer index", l, 0, layerCount - 1)
    try updateLayer(l) { (layer) throws(ConfigError) in
      try layer.setThetaAdaptation(plus: plus, decay: decay)
    }
  }
}
