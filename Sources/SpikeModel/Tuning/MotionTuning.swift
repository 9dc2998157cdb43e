import SpikeCore

/// Every neuron's spike count in response to the `MotionStimulus` set, layer by layer: gratings
/// and bars drifting in 8 directions, expanding and contracting rings, a pinwheel turning each
/// way. From these come the tuning curves and selectivity indices `spikecam inspect --tuning`
/// prints (`TuningSummary`).
public struct MotionTuning: Sendable {
  /// The stimuli's sizes and speed.
  public struct Settings: Sendable, Equatable {
    /// Grating and ring period in pixels.
    public var period = 16
    /// Pixels per frame.
    public var speed = 2
    /// Bar width in pixels.
    public var barWidth = 4
    /// Frames each grating, ring and pinwheel presentation lasts.
    public var frames = 24

    /// The defaults: 16-pixel period, 2 pixels per frame (Gesture-9's objects move 2–3), 4-pixel
    /// bars, 24 frames.
    public init() {}

    /// Checks the ranges.
    public func validate() throws(ConfigError) {
      try ConfigError.check("period", period, 2, 256)
      try ConfigError.check("speed", speed, 1, 32)
      try ConfigError.check("barWidth", barWidth, 1, 64)
      try ConfigError.check("frames", frames, 2, 1024)
    }
  }

  /// The stimuli's settings.
  public let settings: Settings
  /// Neurons per layer.
  public let layerSizes: [Int]
  /// Spikes per grating direction: `gratings[layer][neuron · 8 + direction]`.
  public internal(set) var gratings: [[Int]]
  /// Spikes per bar direction, laid out as `gratings`.
  public internal(set) var bars: [[Int]]
  /// Spikes to expanding (`[neuron · 2]`) and contracting (`[neuron · 2 + 1]`) rings.
  public internal(set) var rings: [[Int]]
  /// Spikes to the pinwheel turning clockwise (`[neuron · 2]`) and counter-clockwise.
  public internal(set) var pinwheel: [[Int]]

  /// Presents every stimulus to `extractor` (from rest each time) and counts each neuron's
  /// spikes over the presentation. The front end's encoder should not compensate pans: to it a
  /// full-field drifting grating is one.
  public static func measure<Network: FrontEndNetwork>(
    _ extractor: inout FeatureExtractor<Network>, settings: Settings = Settings()
  ) -> MotionTuning {
    let sizes = extractor.network.description.layers.map(\.count)
    var result = MotionTuning(
      settings: settings, layerSizes: sizes, gratings: sizes.map { [Int](repeating: 0, count: 8 * $0) },
      bars: sizes.map { [Int](repeating: 0, count: 8 * $0) },
      rings: sizes.map { [Int](repeating: 0, count: 2 * $0) },
      pinwheel: sizes.map { [Int](repeating: 0, count: 2 * $0) })
    for d in 0..<8 {
      present(.grating(direction: d), &extractor, settings) { l, j, n in
        result.gratings[l][j * 8 + d] += n
      }
      present(.bar(direction: d), &extractor, settings) { l, j, n in result.bars[l][j * 8 + d] += n }
    }
    for (k, expanding) in [true, false].enumerated() {
      present(.rings(expanding: expanding), &extractor, settings) { l, j, n in
        result.rings[l][j * 2 + k] += n
      }
    }
    for (k, clockwise) in [true, false].enumerated() {
      present(.pinwheel(clockwise: clockwise), &extractor, settings) { l, j, n in
        result.pinwheel[l][j * 2 + k] += n
      }
    }
    return result
  }

  /// Runs one stimulus from rest and hands each neuron's spikes of each frame to `add(layer,
  /// neuron, spikes)`.
  static func present<Network: FrontEndNetwork>(
    _ pattern: MotionStimulus.Pattern, _ extractor: inout FeatureExtractor<Network>,
    _ s: Settings, add: (Int, Int, Int) -> Void
  ) {
    let c = extractor.config
    let stimulus = MotionStimulus(pattern, period: s.period, speed: s.speed, barWidth: s.barWidth)
    var frame = [UInt8](repeating: 0, count: c.pixels)
    extractor.reset()
    for f in 0..<stimulus.frameCount(width: c.width, height: c.height, frames: s.frames) {
      frame.withUnsafeMutableBufferPointer { stimulus.frame(f, width: c.width, height: c.height, into: $0) }
      frame.withUnsafeBufferPointer { extractor.extract($0, learn: false) }
      let counts = extractor.network.counts
      for l in counts.indices {
        for j in counts[l].indices where counts[l][j] != 0 { add(l, j, Int(counts[l][j])) }
      }
    }
  }

  /// The direction tuning curve of neuron `j` of layer `l` (spikes per direction 0…7).
  public func curve(_ set: KeyPath<MotionTuning, [[Int]]>, layer l: Int, neuron j: Int) -> [Int] {
    Array(self[keyPath: set][l][(j * 8)..<(j * 8 + 8)])
  }
}

/// Selectivity of a layer's neurons, from a `MotionTuning`.
public struct TuningSummary: Sendable, Equatable {
  /// Neurons in the layer.
  public var neurons: Int
  /// Neurons that spiked at all to the stimulus set.
  public var responsive: Int
  /// Neurons whose index is at least 0.5.
  public var selective: Int
  /// Mean index over the responsive neurons.
  public var meanIndex: Double
  /// Selective neurons per preferred direction (8 entries) or per preferred side (2).
  public var preferred: [Int]

  /// Fraction of all neurons that are selective.
  public var selectiveFraction: Double { Double(selective) / Double(max(1, neurons)) }

  /// The direction selectivity index `(R_pref − R_null) / (R_pref + R_null)` of one tuning
  /// curve of 8 directions, with the preferred direction (the most spikes, ties to the lower
  /// direction) and its null (the opposite one); nil for a silent neuron.
  public static func directionIndex(_ curve: ArraySlice<Int>) -> (preferred: Int, index: Double)? {
    let r = Array(curve)
    guard let best = r.indices.max(by: { r[$0] < r[$1] || (r[$0] == r[$1] && $0 > $1) }),
      r[best] > 0
    else { return nil }
    let null = r[(best + 4) % 8]
    return (best, Double(r[best] - null) / Double(r[best] + null))
  }

  /// The index `(R_a − R_b) / (R_a + R_b)` of a pair of opposite stimuli (expanding against
  /// contracting, clockwise against counter-clockwise): positive prefers the first; nil when
  /// silent to both.
  public static func pairIndex(_ a: Int, _ b: Int) -> Double? {
    a + b == 0 ? nil : Double(a - b) / Double(a + b)
  }

  /// Direction selectivity of layer `l` to `set` (gratings or bars).
  public init(directions set: [[Int]], layer l: Int, neurons: Int) {
    self.neurons = neurons
    responsive = 0
    selective = 0
    preferred = [Int](repeating: 0, count: 8)
    var sum = 0.0
    for j in 0..<neurons {
      guard let (p, dsi) = Self.directionIndex(set[l][(j * 8)..<(j * 8 + 8)]) else { continue }
      responsive += 1
      sum += dsi
      if dsi >= 0.5 {
        selective += 1
        preferred[p] += 1
      }
    }
    meanIndex = responsive == 0 ? 0 : sum / Double(responsive)
  }

  /// Selectivity of layer `l` between a pair of opposite stimuli (`rings`, `pinwheel`): |index|
  /// at least 0.5 is selective; `preferred` counts the selective neurons preferring each.
  public init(pairs set: [[Int]], layer l: Int, neurons: Int) {
    self.neurons = neurons
    responsive = 0
    selective = 0
    preferred = [0, 0]
    var sum = 0.0
    for j in 0..<neurons {
      guard let index = Self.pairIndex(set[l][2 * j], set[l][2 * j + 1]) else { continue }
      responsive += 1
      sum += abs(index)
      if abs(index) >= 0.5 {
        selective += 1
        preferred[index > 0 ? 0 : 1] += 1
      }
    }
    meanIndex = responsive == 0 ? 0 : sum / Double(responsive)
  }
}
