import Foundation
import SpikeCore
import SpikeModel
import Testing

/// Direction tuning as neuroscience measures it: drifting stimuli in 8 directions, the
/// direction selectivity index (R_pref − R_null)/(R_pref + R_null), and the bundled model's
/// figures as a golden (integers all the way: any change to the front end or the stimuli shows).
@Suite struct MotionTuningTests {
  @Test func directionIndexOfKnownCurves() throws {
    let sharp = try #require(TuningSummary.directionIndex([0, 0, 8, 0, 0, 0, 2, 0][...]))
    #expect(sharp.preferred == 2 && sharp.index == 0.6)
    let flat = try #require(TuningSummary.directionIndex([3, 3, 3, 3, 3, 3, 3, 3][...]))
    #expect(flat.preferred == 0 && flat.index == 0)
    #expect(TuningSummary.directionIndex([0, 0, 0, 0, 0, 0, 0, 0][...]) == nil)
    #expect(TuningSummary.pairIndex(3, 1) == 0.5 && TuningSummary.pairIndex(0, 0) == nil)
    let summary = TuningSummary(
      directions: [[0, 0, 8, 0, 0, 0, 2, 0] + [1, 1, 1, 1, 1, 1, 1, 1] + [Int](repeating: 0, count: 8)],
      layer: 0, neurons: 3)
    #expect(summary.responsive == 2 && summary.selective == 1 && summary.preferred[2] == 1)
  }

  /// A bar drifting in direction 0 moves right by `speed` pixels a frame; direction 4 left.
  @Test func barsDriftInTheirDirection() {
    func brightestColumn(_ stimulus: MotionStimulus, frame: Int) -> Int {
      var pixels = [UInt8](repeating: 0, count: 32 * 32)
      pixels.withUnsafeMutableBufferPointer { stimulus.frame(frame, width: 32, height: 32, into: $0) }
      let row = Array(pixels[(16 * 32)..<(17 * 32)])
      return row.indices.max { row[$0] < row[$1] }!
    }
    for (direction, sign) in [(0, 1), (4, -1)] {
      let bar = MotionStimulus(.bar(direction: direction), speed: 2)
      // Mid-sweep: the bar starts off the field and crosses its centre around frame 13.
      let a = brightestColumn(bar, frame: 12)
      let b = brightestColumn(bar, frame: 13)
      #expect(b - a == 2 * sign, "direction \(direction): \(a) then \(b)")
    }
  }

  @Test func bundledModelTuningGolden() throws {
    let model = try ClassifierModelFile.read(
      path: Python.packageRoot + "/calibration/gesture9-int8.safetensors")
    var still = model.pipeline
    still.panSearch = 0
    still.panConsensus = nil
    var extractor = try model.integerExtractor(pipeline: still)
    let tuning = MotionTuning.measure(&extractor)
    let gratings = TuningSummary(directions: tuning.gratings, layer: 0, neurons: 512)
    let bars = TuningSummary(directions: tuning.bars, layer: 0, neurons: 512)
    #expect(gratings.responsive == 438 && gratings.selective == 208)
    #expect(bars.responsive == 510 && bars.selective == 200)
    #expect(gratings.preferred == [28, 40, 21, 36, 13, 32, 20, 18])
  }
}
