import SpikeCapture
import Testing

/// The camera path gives back the frame it was given, up to JPEG loss and resampling blur.
@Suite struct CameraPathTests {
  func roundTrip(_ frame: [UInt8], quality: Int = 80) -> [UInt8] {
    var path = CameraPath(quality: quality)
    var out = [UInt8](repeating: 0, count: 64 * 64)
    let refused = frame.withUnsafeBufferPointer { input in
      out.withUnsafeMutableBufferPointer { path.apply(input, into: $0) }
    }
    #expect(refused == nil)
    return out
  }

  @Test func aFlatFrameStaysFlat() {
    let out = roundTrip([UInt8](repeating: 137, count: 4096))
    #expect(out.allSatisfy { abs(Int($0) - 137) <= 1 }, "\(Set(out))")
  }

  @Test func aSquareKeepsItsPlaceAndContrast() {
    var frame = [UInt8](repeating: 40, count: 4096)
    for y in 20..<40 { for x in 10..<30 { frame[y * 64 + x] = 220 } }
    let out = roundTrip(frame)
    let error = zip(frame, out).map { abs(Int($0) - Int($1)) }
    #expect(error.reduce(0, +) / error.count <= 6)
    #expect(out[30 * 64 + 20] > 200 && out[30 * 64 + 50] < 60 && out[5 * 64 + 5] < 60)
    // The edge stays within a pixel of where it was.
    #expect(out[30 * 64 + 11] > 130 && out[30 * 64 + 8] < 130)
  }

  @Test func lowQualityLosesMoreThanHighQuality() {
    var frame = [UInt8](repeating: 0, count: 4096)
    for i in frame.indices { frame[i] = UInt8((i * 37 + (i / 64) * 11) % 256) }
    func error(_ q: Int) -> Int { zip(frame, roundTrip(frame, quality: q)).map { abs(Int($0) - Int($1)) }.reduce(0, +) }
    #expect(error(10) > error(95))
  }
}
