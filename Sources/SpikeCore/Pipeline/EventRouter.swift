/// Routes one frame's encoder spikes (E = `config.encoderChannels` channels per pixel, channel
/// `i·E + c`) into the layer's input planes (`i·channels + c`, with the spikes of the frame d
/// frames back on `d·E + c`, d = 1…`config.delays`: the delay line) and counts them per pooling
/// cell and channel. Spikes are integers in both twins, so the float pipeline routes with this
/// same type. Allocates only in `init`.
public struct EventRouter: Sendable {
  /// The configuration it routes for.
  public let config: PipelineConfig
  /// This frame's encoder output, `E · pixels` channels.
  public var events: SpikePlanes
  /// The layer input, `channels · pixels` channels.
  public private(set) var input: SpikePlanes
  /// Spike counts per cell and encoder channel of the last frame, `[cell · E + c]`.
  public private(set) var pooled: [Int32]
  /// The last `config.delays` frames' events, a ring: `history[newest]` is the previous frame.
  private var history: [SpikePlanes]
  private var newest = 0
  private let cellOfPixel: [Int32]
  /// log2 E when E is a power of two (1, 2, 4, 8, 16), else −1: a shift instead of a division.
  private let channelShift: Int

  /// Allocates the planes and the pixel-to-cell table.
  public init(config: PipelineConfig) {
    self.config = config
    let e = config.encoderChannels
    events = SpikePlanes(count: e * config.pixels, timesteps: config.timesteps)
    history = [SpikePlanes](repeating: events, count: config.delays)
    input = SpikePlanes(count: config.channels * config.pixels, timesteps: config.timesteps)
    pooled = [Int32](repeating: 0, count: config.pooledCount)
    var cells = [Int32](repeating: -1, count: config.pixels)
    for y in 0..<config.height {
      for x in 0..<config.width {
        let cx = x / config.stride
        let cy = y / config.stride
        if cx < config.columnsAcross && cy < config.columnsDown {
          cells[y * config.width + x] = Int32(cy * config.columnsAcross + cx)
        }
      }
    }
    cellOfPixel = cells
    channelShift = e & (e - 1) == 0 ? e.trailingZeroBitCount : -1
  }

  /// Pixel and channel of encoder spike channel `k`.
  @inline(__always)
  private func split(_ k: Int) -> (pixel: Int, channel: Int) {
    let e = config.encoderChannels
    if channelShift >= 0 { return (k >> channelShift, k & (e - 1)) }
    let pixel = k / e
    return (pixel, k - pixel * e)
  }

  /// Builds `input` and `pooled` from `events` (and the delayed frames'), then keeps `events`
  /// as the previous frame. Call after the encoder filled `events`.
  public mutating func route() {
    input.clear()
    pooled.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    let channels = config.channels
    let e = config.encoderChannels
    let words = events.wordsPerPlane
    for t in 0..<config.timesteps {
      for w in 0..<words {
        var bits = events.words[t * words + w]
        while bits != 0 {
          let k = w << 6 + bits.trailingZeroBitCount
          bits &= bits - 1
          let (pixel, c) = split(k)
          input.set(step: t, channel: pixel * channels + c)
          let cell = Int(cellOfPixel[pixel])
          if cell >= 0 { pooled[cell * e + c] += 1 }
        }
      }
    }
    let delays = history.count
    guard delays > 0 else { return }
    for d in 1...delays {
      let slot = (newest - (d - 1) + delays) % delays
      for t in 0..<config.timesteps {
        for w in 0..<words {
          var old = history[slot].words[t * words + w]
          while old != 0 {
            let k = w << 6 + old.trailingZeroBitCount
            old &= old - 1
            let (pixel, c) = split(k)
            input.set(step: t, channel: pixel * channels + d * e + c)
          }
        }
      }
    }
    // The oldest frame's slot takes this frame; `events` gets its planes back to be refilled.
    newest = (newest + 1) % delays
    swap(&events, &history[newest])
  }

  /// Forgets the delayed frames' events.
  public mutating func reset() {
    for d in history.indices { history[d].clear() }
    events.clear()
    newest = 0
  }

  /// The feature value of pooled count `n`: `min(n >> poolShift, 127)`.
  @inlinable
  public func pooledFeature(_ n: Int32) -> Int32 { min(n >> Int32(config.poolShift), 127) }

  /// A frame's feature vector, the same integers in both twins: the last routed frame's pooled
  /// event counts (`pooledFeature`), then the layer's spike count per neuron, capped at 127, as
  /// `config.featureSet` keeps them.
  public func writeFeatures(spikeCounts: [Int32], into features: inout [Int8]) {
    let cells = config.pooledFeatures
    for i in 0..<cells { features[i] = Int8(pooledFeature(pooled[i])) }
    for j in 0..<config.spikeFeatures { features[cells + j] = Int8(clamping: spikeCounts[j]) }
  }
}
