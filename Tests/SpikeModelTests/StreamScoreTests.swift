import SpikeModel
import Testing

/// Gestures are decided by the first event in their frames (with the tolerance after them);
/// events elsewhere are false alarms over the quiet frames.
@Suite struct StreamScoreTests {
  @Test func scoresRightWrongMissedAndFalseAlarms() {
    var score = StreamScore()
    // 240 frames; gestures at 20..<36 (label 1), 100..<116 (label 2), 180..<196 (label 3).
    let firstEvents = score.add(
      frames: 240, gestures: [(20, 36, 1), (100, 116, 2), (180, 196, 3)],
      events: [(5, 4), (30, 1), (40, 2), (118, 4), (125, 2), (150, 7)], tolerance: 10)
    #expect(firstEvents == [1, 4, nil])
    #expect(score.gestures == 3)
    #expect(score.right == 1)  // 30 → 1
    #expect(score.wrongLabel == 1)  // 118 → 4 decides the second gesture before 125 → 2
    #expect(score.missed == 1)
    #expect(score.falseAlarms == 2)  // 5 and 150; 40 is inside 20..<46
    #expect(score.quietFrames == 240 - 3 * 26)
    #expect(abs(score.falseAlarmsPerMinute(fps: 12) - 2.0 * 12 * 60 / Double(240 - 78)) < 1e-9)
    #expect(abs(score.detectionRate - 1.0 / 3) < 1e-9)
  }

  @Test func toleranceEndsAtTheStreamsEnd() {
    var score = StreamScore()
    score.add(frames: 40, gestures: [(30, 40, 5)], events: [(39, 5)], tolerance: 16)
    #expect(score.right == 1 && score.quietFrames == 30 && score.falseAlarms == 0)
  }
}
