/// Routes one frame's ON/OFF events (encoder channels `2i`, `2i + 1`) into the layer's input
/// planes (`i·channels + c`, with the previous frame's events on c = 2, 3 when the config has a
/// delay line) and counts them per pooling cell. Spikes are integers in both twins, so the float
/// pipeline routes with this same type. Allocates only in `init`.
public struct EventRouter: Sendable {
  /// The configuration it routes for.
  public let config: PipelineConfig
  /// This frame's encoder output, `2 · pixels` channels.
  public var events: SpikePlanes
  /// The layer input, `channels · pixels` channels.
  public private(set) var input: SpikePlanes
  /// ON and OFF event counts per cell of the last frame, `[cell · 2 + polarity]`.
  public private(set) var pooled: [Int32]
  private var previous: SpikePlanes
  private let cellOfPixel: [Int32]

  /// Allocates the planes and the pixel-to-cell table.
  public init(config: PipelineConfig) {
    self.config = config
    events = SpikePlanes(count: 2 * config.pixels, timesteps: config.timesteps)
    previous = events
    input = SpikePlanes(count: config.channels * config.pixels, timesteps: config.timesteps)
    pooled = [Int32](repeating: 0, count: 2 * config.columns)
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
  }

  /// Builds `input` and `pooled` from `events` (and the previous frame's), then keeps `events`
  /// as the previous frame. Call after the encoder filled `events`.
  public mutating func route() {
    input.clear()
    pooled.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    let channels = config.channels
    let words = events.wordsPerPlane
    for t in 0..<config.timesteps {
      for w in 0..<words {
        var bits = events.words[t * words + w]
        while bits != 0 {
          let k = w << 6 + bits.trailingZeroBitCount
          bits &= bits - 1
          let pixel = k >> 1
          let polarity = k & 1
          input.set(step: t, channel: pixel * channels + polarity)
          let cell = Int(cellOfPixel[pixel])
          if cell >= 0 { pooled[cell * 2 + polarity] += 1 }
        }
        if config.delayLine {
          var old = previous.words[t * words + w]
          while old != 0 {
            let k = w << 6 + old.trailingZeroBitCount
            old &= old - 1
            input.set(step: t, channel: (k >> 1) * channels + 2 + (k & 1))
          }
        }
      }
    }
    swap(&events, &previous)
  }

  /// Forgets the previous frame's events.
  public mutating func reset() {
    previous.clear()
    events.clear()
  }

  /// The feature value of pooled count `n`: `min(n >> poolShift, 127)`.
  @inlinable
  public func pooledFeature(_ n: Int32) -> Int32 { min(n >> Int32(config.poolShift), 127) }
}
