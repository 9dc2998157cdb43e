/// Keeps the pan compensation from cancelling the object's own motion: a global shift is taken
/// for the camera's only when the background agrees with it, block by block.
///
/// The least-SAD shift of the whole frame is the camera's when the frame is textured all over,
/// but over a plain wall the only texture is the object, and the best shift is the object's own
/// motion: compensating it erases the gesture (Gesture-9 objects over a plain wall: 33 % with
/// the plain search, 97 % without). So the interior is cut into `grid × grid` blocks, and a block
/// supports the shift when moving it explains the block's change better than no shift by more
/// than `margin` grey levels per pixel. A plain block supports nothing; the object covers a few
/// blocks at most. The shift is kept when at least `quorum` % of all blocks support it, else the
/// frame counts as unshifted. Integer sums only, no buffers, so both twins keep identical shifts.
public struct PanConsensus: Sendable, Equatable {
  /// Blocks per side of the interior (2…8).
  public var grid: Int
  /// Grey levels per pixel by which the shift must beat no shift in a supporting block (0…64).
  public var margin: Int
  /// Percent of all blocks that must support the shift (1…100).
  public var quorum: Int

  /// A consensus rule; `validate()` checks the ranges.
  public init(grid: Int = 4, margin: Int = 2, quorum: Int = 50) {
    (self.grid, self.margin, self.quorum) = (grid, margin, quorum)
  }

  /// Checks the ranges; a message says which value to change.
  public func validate() throws(EncoderError) {
    try EncoderError.check("pan consensus grid", grid, in: 2...8)
    try EncoderError.check("pan consensus margin", margin, in: 0...64)
    try EncoderError.check("pan consensus quorum", quorum, in: 1...100)
  }

  /// Whether the blocks of the interior `[r, w − r) × [r, h − r)` support `shift` between
  /// `previous` and `current` (`w × h`, row-major; |dx|, |dy| ≤ r, so every source pixel exists).
  public func supports(
    _ shift: (dx: Int, dy: Int), previous: UnsafeBufferPointer<UInt8>,
    current: UnsafeBufferPointer<UInt8>, width w: Int, height h: Int, radius r: Int
  ) -> Bool {
    let spanX = w - 2 * r
    let spanY = h - 2 * r
    var supporters = 0
    for by in 0..<grid {
      let y0 = r + by * spanY / grid
      let y1 = r + (by + 1) * spanY / grid
      for bx in 0..<grid {
        let x0 = r + bx * spanX / grid
        let x1 = r + (bx + 1) * spanX / grid
        var still = 0
        var moved = 0
        for y in y0..<y1 {
          let row = y * w
          let source = (y - shift.dy) * w - shift.dx
          for x in x0..<x1 {
            let c = Int(current[row + x])
            still += abs(c - Int(previous[row + x]))
            moved += abs(c - Int(previous[source + x]))
          }
        }
        if still - moved > margin * (y1 - y0) * (x1 - x0) { supporters += 1 }
      }
    }
    return supporters * 100 >= quorum * grid * grid
  }
}
