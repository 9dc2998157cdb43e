import SpikeCore
import Testing

/// A class becomes an event after `hold` agreeing frames, once per run; `none` ends it silently.
@Suite struct GestureEventDetectorTests {
  func events(_ decisions: [Int?], hold: Int) -> [(Int, Int)] {
    var detector = GestureEventDetector(hold: hold)
    var out: [(Int, Int)] = []
    for (f, d) in decisions.enumerated() {
      if let e = detector.push(d) { out.append((f, e)) }
    }
    return out
  }

  @Test func aClassHeldForHoldFramesIsOneEvent() {
    let e = events([nil, nil, 1, 1, 1, 1, 1, 0, 0, 0], hold: 3)
    #expect(e.count == 1 && e[0] == (4, 1))
  }

  @Test func strayFramesShorterThanHoldRaiseNothing() {
    #expect(events([0, 2, 2, 0, 3, 0, 2, 2, 0], hold: 3).isEmpty)
  }

  @Test func anotherClassThatHoldsStartsANewEvent() {
    let e = events([1, 1, 2, 2, 2, 1, 1], hold: 2)
    #expect(e.map(\.0) == [1, 3, 6] && e.map(\.1) == [1, 2, 1])
  }

  @Test func theSameClassAfterRestIsANewEvent() {
    let e = events([1, 1, 0, 0, 1, 1], hold: 2)
    #expect(e.map(\.0) == [1, 5])
  }

  @Test func holdOneReportsEveryChange() {
    #expect(events([1, 2, 2, 0, 3], hold: 1).map(\.1) == [1, 2, 3])
  }
}
