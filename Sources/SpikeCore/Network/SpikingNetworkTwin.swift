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

/// A neuron layer in either twin whose adaptive threshold θ can be read, set and switched.
public protocol ThetaAdaptingLayer {
  /// The twin's number type of θ (`Int32` state units, or real).
  associatedtype Threshold: SignedNumeric
  /// θ, one per neuron.
  var theta: [Threshold] { get }
  /// Adds `delta` to θ of neuron `j`, within the layer's limits.
  mutating func adjustTheta(_ j: Int, by delta: Threshold)
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
  /// Builds the network of `description` (its seed draws the same initial weights in both).
  init(description: NetworkDescription) throws(ConfigError)
  /// Projections and layers.
  var projectionCount: Int { get }
  var layerCount: Int { get }
  /// The layers.
  var layers: [Layer] { get }
  /// Spikes per neuron of each layer during the last `present`.
  var counts: [[Int32]] { get }
  /// Reward applied by R-STDP projections while learning.
  var reward: Reward { get set }
  /// Which projections learn when `present(_:learn: true)` runs.
  var learning: [Bool] { get set }
  /// Returns the neurons to rest between samples; the learned state stays.
  mutating func reset()
  /// Runs one frame of `input.timesteps` steps.
  mutating func present(_ input: SpikePlanes, learn: Bool)
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

  /// θ of layer `l`.
  public func theta(layer l: Int) -> [Layer.Threshold] { layers[l].theta }

  /// Sets θ of layer `l` (e.g. from a model file), one value per neuron, within its limits.
  public mutating func setTheta(layer l: Int, _ values: [Layer.Threshold]) throws(ConfigError) {
    try ConfigError.check("layer index", l, 0, layerCount - 1)
    guard values.count == layers[l].theta.count else {
      throw .inconsistent(
        "θ has \(values.count) values; layer \(l) has \(layers[l].theta.count) neurons")
    }
    try updateLayer(l) { (layer) throws(ConfigError) in
      for j in values.indices { layer.adjustTheta(j, by: values[j] - layer.theta[j]) }
    }
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
