import Foundation
import SpikeCore

/// JSON form of a spiking layer's `LayerOptions`, in a model file (`pipeline.layer`, the
/// column head's `config`) and in `train --config` (snake_case there): only what differs from
/// the factory's layer is written, so a file without these keys keeps its bytes.
/// ```
/// {"neuron": "adex" | {"model": "adex", "sharpness": 410, "peak": 4096, "coupling": 2048,
///                      "adaptationLeak": 41, "jump": 614},
///  "connection": "fields" | "all" | "probability:0.05" | "in-degree:64",
///  "homeostasis": {"window": 64, "target": 2, "gain": 16},
///  "stdpKernel": "exponential" | "flat"}
/// ```
/// A model file always holds the neuron's parameters in full (`model` plus numbers), so a
/// change of the defaults never changes an existing model; a config may give the name alone.
extension LayerOptions: Codable {
  enum CodingKeys: String, CodingKey {
    case neuron, connection, homeostasis, stdpKernel
  }

  enum NeuronKeys: String, CodingKey {
    case model, sharpness, peak, coupling, adaptationLeak, jump
  }

  enum HomeostasisKeys: String, CodingKey {
    case window, target, gain
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    if c.contains(.neuron) { model = try Self.decodeNeuron(c) }
    if let text = try c.decodeIfPresent(String.self, forKey: .connection) {
      connection = try c.parse(text, key: .connection, ConnectionChoice.init(name:))
    }
    if c.contains(.homeostasis) {
      let h = try c.nestedContainer(keyedBy: HomeostasisKeys.self, forKey: .homeostasis)
      homeostasis = HomeostasisParameters(
        window: try h.decode(Int.self, forKey: .window),
        target: try h.decode(Int32.self, forKey: .target),
        gain: try h.decode(Int32.self, forKey: .gain))
    }
    if let text = try c.decodeIfPresent(String.self, forKey: .stdpKernel) {
      kernel = try c.parse(text, key: .stdpKernel, PaperKernel.init(name:))
    }
  }

  /// `neuron`: a model name (the paper's settings) or an object naming the model with any of
  /// its settings.
  static func decodeNeuron(_ c: KeyedDecodingContainer<CodingKeys>) throws -> NeuronModel {
    if let name = try? c.decode(String.self, forKey: .neuron) {
      return try c.parse(name, key: .neuron, NeuronModel.init(name:))
    }
    let n = try c.nestedContainer(keyedBy: NeuronKeys.self, forKey: .neuron)
    let name = try n.decode(String.self, forKey: .model)
    let model = try c.parse(name, key: .neuron, NeuronModel.init(name:))
    guard var m = model.membrane else { return model }
    m.sharpness = try n.decodeIfPresent(Int32.self, forKey: .sharpness) ?? m.sharpness
    m.peak = try n.decodeIfPresent(Int32.self, forKey: .peak) ?? m.peak
    guard var a = model.adaptation else { return .expLIF(m) }
    a.coupling = try n.decodeIfPresent(Int32.self, forKey: .coupling) ?? a.coupling
    a.leak = try n.decodeIfPresent(Int32.self, forKey: .adaptationLeak) ?? a.leak
    a.jump = try n.decodeIfPresent(Int32.self, forKey: .jump) ?? a.jump
    return .adEx(m, a)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    if let m = model.membrane {
      var n = c.nestedContainer(keyedBy: NeuronKeys.self, forKey: .neuron)
      try n.encode(model.name, forKey: .model)
      try n.encode(m.sharpness, forKey: .sharpness)
      try n.encode(m.peak, forKey: .peak)
      if let a = model.adaptation {
        try n.encode(a.coupling, forKey: .coupling)
        try n.encode(a.leak, forKey: .adaptationLeak)
        try n.encode(a.jump, forKey: .jump)
      }
    }
    if let connection { try c.encode(connection.name, forKey: .connection) }
    if let h = homeostasis {
      var k = c.nestedContainer(keyedBy: HomeostasisKeys.self, forKey: .homeostasis)
      try k.encode(h.window, forKey: .window)
      try k.encode(h.target, forKey: .target)
      try k.encode(h.gain, forKey: .gain)
    }
    if kernel != .exponential { try c.encode(kernel.name, forKey: .stdpKernel) }
  }
}

extension ConnectionChoice {
  /// The scheme named `name`: `fields`, `all`, `probability:P` (P in (0, 1], at most three
  /// decimals: the draw is per mille) or `in-degree:N`.
  public init(name: String) throws(ConfigError) {
    let usage =
      "connection '\(name)' is not one of fields, all, probability:P (0 < P ≤ 1, e.g. "
      + "probability:0.05), in-degree:N (e.g. in-degree:64)"
    let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
    switch (parts.first, parts.count) {
    case ("fields"?, 1): self = .fields
    case ("all"?, 1): self = .all
    case ("in-degree"?, 2):
      guard let n = Int(parts[1]), n >= 1 else { throw .inconsistent(usage) }
      self = .inDegree(n)
    case ("probability"?, 2):
      guard let perMille = Self.perMille(parts[1]), perMille >= 1, perMille <= 1000 else {
        throw .inconsistent(usage)
      }
      self = .probability(perMille: perMille)
    default:
      throw .inconsistent(usage)
    }
  }

  /// A decimal `0.05`, `1`, `.25` as an exact per-mille count; nil beyond three decimals.
  static func perMille(_ text: String) -> Int? {
    func digits(_ s: Substring) -> Bool { s.allSatisfy { $0 >= "0" && $0 <= "9" } }
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let whole = parts[0]
    let fraction = parts.count == 2 ? parts[1] : ""
    guard digits(whole), digits(fraction), fraction.count <= 3, whole.count <= 4,
      !(whole.isEmpty && fraction.isEmpty)
    else { return nil }
    let padded = fraction + String(repeating: "0", count: 3 - fraction.count)
    return (Int(whole) ?? 0) * 1000 + (Int(padded) ?? 0)
  }
}
