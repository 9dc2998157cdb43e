import SpikeCapture
import Testing

@Suite struct PreprocessTests {
  /// 640×480 → 128×96 (exact 5×5 blocks) → centre 64×64: every output pixel is its block's mean.
  @Test func areaAverageOfExactBlocksThenCentreCrop() {
    let input = FrameFormat(width: 640, height: 480)
    let pixels = (0..<input.byteCount).map { UInt8(truncatingIfNeeded: ($0 % 640) ^ ($0 / 640 * 3)) }
    var out = [UInt8](repeating: 0, count: 64 * 64)
    let p = Preprocess.gesture9
    #expect(p.scaledFormat(for: input) == FrameFormat(width: 128, height: 96))
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { p.apply(src, format: input, into: $0) }
    }
    for oy in 0..<64 {
      for ox in 0..<64 {
        let sx = (ox + 32) * 5
        let sy = (oy + 16) * 5
        var sum = 0
        for y in sy..<(sy + 5) { for x in sx..<(sx + 5) { sum += Int(pixels[y * 640 + x]) } }
        #expect(out[oy * 64 + ox] == UInt8((sum + 12) / 25), "pixel (\(ox), \(oy))")
      }
    }
  }

  /// A smaller model sees the same square of the scene: `live` for 32×32 scales a camera frame
  /// to 48 rows (64×64 to 96), so its input is the 64×64 input averaged over 2×2 blocks, to
  /// within the two roundings.
  @Test func liveRecipeOfASmallerInputKeepsTheSquareOfTheScene() {
    #expect(Preprocess.live(for: FrameFormat(width: 64, height: 64)) == .gesture9)
    let small = Preprocess.live(for: FrameFormat(width: 32, height: 32))
    #expect(small.scaledHeight == 48)
    let input = FrameFormat(width: 640, height: 480)
    let pixels = (0..<input.byteCount).map { UInt8(truncatingIfNeeded: ($0 % 640) ^ ($0 / 640 * 3)) }
    var large = [UInt8](repeating: 0, count: 64 * 64)
    var coarse = [UInt8](repeating: 0, count: 32 * 32)
    pixels.withUnsafeBufferPointer { src in
      large.withUnsafeMutableBufferPointer { Preprocess.gesture9.apply(src, format: input, into: $0) }
      coarse.withUnsafeMutableBufferPointer { small.apply(src, format: input, into: $0) }
    }
    for y in 0..<32 {
      for x in 0..<32 {
        let sum = [0, 1, 64, 65].reduce(0) { $0 + Int(large[(2 * y) * 64 + 2 * x + $1]) }
        #expect(abs(Int(coarse[y * 32 + x]) - (sum + 2) / 4) <= 1, "pixel (\(x), \(y))")
      }
    }
  }

  @Test func identityWhenSizesMatch() {
    let format = FrameFormat(width: 64, height: 64)
    let pixels = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    var out = [UInt8](repeating: 0, count: 4096)
    let p = Preprocess(output: format, scaledHeight: 64)
    pixels.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { p.apply(src, format: format, into: $0) }
    }
    #expect(out == pixels)
  }
}
