/// Sizes and neuron constants of the paper's R-STDP head (docs/ARCHITECTURE.md, "Kernels":
/// "the paper's column"): one population of `perClass` LIF neurons per class, all-to-all from
/// the F per-frame features, static mutual inhibition between populations; the class is the
/// population with the most spikes over the K-frame window.
///
/// Each frame of the window is held as input for `substeps` steps (features are spike counts of
/// the whole frame, so within a frame there is no finer timing to keep). Shared by the integer
/// head, its float twin and the model file (`__metadata__.config` of a `head: rstdp` model).
public struct PopulationHeadConfig: Sendable, Equatable {
  /// Frames per window, K.
  public var tokens: Int
  /// Features per frame, F.
  public var features: Int
  /// Classes (populations).
  public var classes: Int
  /// Neurons per population.
  public var perClass: Int
  /// Steps each frame's input is held for.
  public var substeps: Int
  /// Current decay dI, 12-bit fraction (0…4096).
  public var currentDecay: Int
  /// Voltage decay dV, 12-bit fraction (0…4096).
  public var voltageDecay: Int

  /// Makes a configuration; call `validate()` on values read from a file.
  public init(
    tokens: Int, features: Int, classes: Int, perClass: Int = 10, substeps: Int = 4,
    currentDecay: Int = 2048, voltageDecay: Int = 1024
  ) {
    (self.tokens, self.features, self.classes, self.perClass, self.substeps, self.currentDecay,
     self.voltageDecay) =
      (tokens, features, classes, perClass, substeps, currentDecay, voltageDecay)
  }

  /// Output neurons, classes × perClass.
  public var neurons: Int { classes * perClass }

  /// Checks the sizes; the message names the value to change. The caps keep every sum of
  /// `features` int8 products in an `Int32` and every population count in an `Int32`.
  public func validate() throws(ConfigError) {
    try ConfigError.check("tokens", tokens, 1, 64)
    try ConfigError.check("features", features, 1, 8192)
    try ConfigError.check("classes", classes, 2, 1024)
    try ConfigError.check("perClass", perClass, 1, 1024)
    try ConfigError.check("substeps", substeps, 1, 64)
    try ConfigError.check("currentDecay", currentDecay, 0, 4096)
    try ConfigError.check("voltageDecay", voltageDecay, 0, 4096)
    try ConfigError.check("neurons", neurons, 2, 1 << 16)
  }
}
