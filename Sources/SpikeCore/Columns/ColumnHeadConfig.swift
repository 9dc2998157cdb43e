/// Sizes of the paper's full column as a classifier head (`ColumnHead`): the front end's
/// per-frame features drive `features` input channels —STDP→ `hidden` neurons with lateral
/// inhibition —R-STDP→ one population of `perClass` neurons per class with mutual inhibition
/// (`NetworkDescription.paperColumn`, at the paper's 500 and 100 by default).
public struct ColumnHeadConfig: Sendable, Equatable {
  /// Frames per window, K.
  public var tokens: Int
  /// Features per frame, F: the column's input channels.
  public var features: Int
  /// Classes (populations).
  public var classes: Int
  /// Neurons of the STDP layer.
  public var hidden: Int
  /// Neurons per class population.
  public var perClass: Int
  /// Steps each frame is held for; a feature of value x spikes min(x, substeps) times,
  /// spread evenly over them.
  public var substeps: Int
  /// Seed of the column's initial weights and of its learning rules' random streams.
  public var seed: Int
  /// The paper's options of the hidden layer and its input projection (neuron model,
  /// connection, homeostasis, STDP kernel); the default is `paperColumn`'s layer.
  public var hiddenLayer = LayerOptions()
  /// The same for the class populations and their R-STDP projection.
  public var outputLayer = LayerOptions()

  /// Makes a configuration; call `validate()` on values read from a file.
  public init(
    tokens: Int, features: Int, classes: Int, hidden: Int = 500, perClass: Int = 100,
    substeps: Int = 4, seed: Int = 1
  ) {
    (self.tokens, self.features, self.classes, self.hidden, self.perClass, self.substeps,
     self.seed) = (tokens, features, classes, hidden, perClass, substeps, seed)
  }

  /// Output neurons, classes × perClass.
  public var neurons: Int { classes * perClass }

  /// Checks the sizes; the message names the value to change.
  public func validate() throws(ConfigError) {
    try ConfigError.check("tokens", tokens, 1, 64)
    try ConfigError.check("features", features, 1, 8192)
    try ConfigError.check("classes", classes, 2, 1024)
    try ConfigError.check("hidden", hidden, 1, 4096)
    try ConfigError.check("perClass", perClass, 1, 1024)
    try ConfigError.check("neurons", neurons, 2, 1 << 16)
    // Both projections all-to-all at most; caps what a model file can make a reader build.
    try ConfigError.check("synapses", features * hidden + hidden * neurons, 1, 1 << 25)
    try ConfigError.check("substeps", substeps, 1, 64)
    try ConfigError.check("seed", seed, 0, Int(UInt32.max))
    try hiddenLayer.validate()
    try outputLayer.validate()
    for (name, layer) in [("hidden", hiddenLayer), ("output", outputLayer)]
    where layer.connection == .fields {
      throw .inconsistent("the column's \(name) layer has no receptive fields; choose all, "
        + "probability:P or in-degree:N")
    }
  }

  /// The column's network. `learning` keeps the adaptive thresholds θ learning (training and
  /// live learning); without it θ is frozen, so inference depends only on the window.
  public func network(learning: Bool) -> NetworkDescription {
    var d = NetworkDescription.paperColumn(
      classes: classes, inputCount: features, hidden: hidden, population: perClass,
      seed: UInt32(seed), options: (hiddenLayer, outputLayer))
    if !learning {
      for l in d.layers.indices {
        d.layers[l].neuron.thetaPlus = 0
        d.layers[l].neuron.thetaDecay = 0
      }
    }
    return d
  }
}
