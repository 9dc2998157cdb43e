import Foundation
import SpikeCore
import SpikeReference
import Testing

@testable import SpikeModel

/// `calibrate --method fidelity`: bounds chosen by how close the whole int8 head stays to the
/// float head, on the trained synthetic-motion head of `AttentionParityTests`.
@Suite struct CalibratorFidelityTests {
  static func distance(
    _ search: FidelitySearch, _ ranges: ActivationRanges
  ) throws -> (disagreements: Int, logitError: Double) {
    try #require(search.distance(ranges))
  }

  /// The searched bounds are never farther from the float head, on the calibration windows,
  /// than the bounds of any plain rule the search may start from.
  @Test func theSearchEndsNoFartherThanAnyPlainRule() throws {
    let (head, train) = AttentionParityTests.trainedHead()
    let windows = Array(train.prefix(30))
    let searched = AttentionCalibrator(method: .fidelity).calibrate(head, windows: windows)
    #expect(searched.method == "fidelity")
    #expect(searched.windows == windows.count)
    let search = FidelitySearch(head: head, windows: windows)
    let after = try Self.distance(search, searched)
    for rule in FidelitySearch.startingRules {
      let plain = AttentionCalibrator(method: rule).calibrate(head, windows: windows)
      let before = try Self.distance(search, plain)
      #expect(after.disagreements <= before.disagreements, "\(plain.method)")
      if after.disagreements == before.disagreements {
        #expect(after.logitError <= before.logitError, "\(plain.method)")
      }
    }
    // Every bound stays within the values seen: at most the largest |x|.
    for (name, range) in searched.ranges {
      #expect(range.bound <= max(abs(range.min), abs(range.max)) * 1.0001, "\(name)")
      #expect(range.bound > 0, "\(name)")
    }
  }

  /// A bound 20× too small saturates `mlpOut`; started from it, the search moves that bound
  /// back up and the head's logits come back close to the float head's.
  @Test func theSearchMendsASaturatingBound() throws {
    let (head, train) = AttentionParityTests.trainedHead()
    let windows = Array(train.prefix(30))
    let good = AttentionCalibrator(method: .minMax).calibrate(head, windows: windows)
    var broken = good.ranges
    let right = try #require(broken["mlpOut"]?.bound)
    broken["mlpOut"]?.bound = right / 20
    let search = FidelitySearch(head: head, windows: windows)
    let brokenDistance = try Self.distance(
      search, ActivationRanges(method: "broken", windows: 0, ranges: broken))
    let mended = search.search(
      starts: [broken], largest: good.ranges.mapValues { max(abs($0.min), abs($0.max)) })
    let mendedDistance = try Self.distance(
      search, ActivationRanges(method: "mended", windows: 0, ranges: mended))
    print("mlpOut bound: right \(right), broken \(right / 20), searched \(mended["mlpOut"]?.bound ?? 0); logit error: minmax \(try Self.distance(search, good).logitError), broken \(brokenDistance.logitError), searched \(mendedDistance.logitError)")
    #expect(try #require(mended["mlpOut"]?.bound) > right / 4)
    #expect(mendedDistance.logitError < brokenDistance.logitError / 2)
    #expect(mendedDistance.disagreements <= brokenDistance.disagreements)
  }
}
