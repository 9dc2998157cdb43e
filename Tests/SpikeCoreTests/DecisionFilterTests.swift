import CSpikeCamSys
import SpikeCore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// What `run --on-change --min-score --smooth --smooth-by --top-k` publishes.
@Suite struct DecisionFilterTests {
  /// A raw decision of `classes` classes: `winner` at `score`, the rest shared evenly.
  static func raw(_ winner: Int, _ score: Int16, classes: Int = 3) -> (Decision, [Int16]) {
    var scores = [Int16](repeating: Int16((32768 - Int(score)) / (classes - 1)), count: classes)
    scores[winner] = score
    return (Decision(classIndex: winner, score: score), scores)
  }

  /// Pushes `(class, score)` pairs; the published decisions as (push index, class, score).
  static func run(_ policy: DecisionPolicy, _ stream: [(Int, Int16)], classes: Int = 3)
    -> [(Int, Int, Int16)]
  {
    var filter = DecisionFilter(policy: policy, classes: classes)
    var out: [(Int, Int, Int16)] = []
    for (i, (c, s)) in stream.enumerated() {
      let (d, scores) = raw(c, s, classes: classes)
      if let p = filter.push(d, scores: scores) { out.append((i, p.classIndex, p.score)) }
    }
    return out
  }

  @Test func theDefaultPublishesEveryDecisionUnchanged() {
    let stream: [(Int, Int16)] = [(0, 20000), (0, 21000), (2, 30000), (1, 12000)]
    let out = Self.run(DecisionPolicy(), stream)
    #expect(out.map(\.1) == [0, 0, 2, 1])
    #expect(out.map(\.2) == [20000, 21000, 30000, 12000])
  }

  @Test func onChangePublishesTheFirstAndEachChangeOnly() {
    let stream: [(Int, Int16)] = [(0, 20000), (0, 21000), (2, 30000), (2, 30000), (0, 20000)]
    let out = Self.run(DecisionPolicy(onChange: true), stream)
    #expect(out.map(\.0) == [0, 2, 4])
    #expect(out.map(\.1) == [0, 2, 0])
  }

  @Test func minScoreDropsWeakDecisionsAndTheyAreNoChange() {
    // 1 is too weak to publish, so the second 0 is not a change either.
    let stream: [(Int, Int16)] = [(0, 20000), (1, 9000), (0, 20000), (1, 16384)]
    let policy = DecisionPolicy(onChange: true, minimumScore: Q15.parse("0.5")!)
    let out = Self.run(policy, stream)
    #expect(out.map(\.0) == [0, 3])
    #expect(out.map(\.1) == [0, 1])
  }

  @Test func majorityOverTheWindowIgnoresAStrayDecision() {
    // 0 0 1 0 0: the stray 1 never wins a window of 3.
    let stream: [(Int, Int16)] = [(0, 20000), (0, 20000), (1, 20000), (0, 20000), (0, 20000)]
    let out = Self.run(DecisionPolicy(window: 3), stream)
    #expect(out.map(\.1) == [0, 0, 0, 0, 0])
    // The score is the class's mean score over the window: (20000 + 20000 + 6384) / 3.
    #expect(out[2].2 == Int16((20000 + 20000 + 6384) / 3))
  }

  @Test func majorityTiesGoToTheLatestVote() {
    let stream: [(Int, Int16)] = [(0, 20000), (1, 20000), (2, 20000), (1, 20000)]
    let out = Self.run(DecisionPolicy(window: 2), stream)
    // Windows: [0] → 0; [0,1] tie → 1; [1,2] tie → 2; [2,1] tie → 1.
    #expect(out.map(\.1) == [0, 1, 2, 1])
  }

  @Test func meanScoreFollowsTheSummedProbabilities() {
    // Two confident 2s outweigh three lukewarm 0s.
    let stream: [(Int, Int16)] = [(0, 12000), (0, 12000), (0, 12000), (2, 32000), (2, 32000)]
    let out = Self.run(DecisionPolicy(window: 5, smoothing: .meanScore), stream)
    #expect(out.last?.1 == 2)
    let majority = Self.run(DecisionPolicy(window: 5), stream)
    #expect(majority.last?.1 == 0)
  }

  @Test func topKListsTheBestMeanScoresBestFirst() {
    var filter = DecisionFilter(policy: DecisionPolicy(topK: 3), classes: 4)
    _ = filter.push(Decision(classIndex: 2, score: 20000), scores: [3000, 9000, 20000, 768])
    #expect(filter.top == [2, 1, 0])
    #expect(filter.meanScores == [3000, 9000, 20000, 768])
    // Ties go to the lower class index.
    _ = filter.push(Decision(classIndex: 0, score: 8192), scores: [8192, 8192, 8192, 8192])
    #expect(filter.top == [0, 1, 2])
  }

  @Test func restartingTheStreamForgetsTheWindowButNotTheLastPublished() {
    var filter = DecisionFilter(policy: DecisionPolicy(onChange: true, window: 3), classes: 3)
    for _ in 0..<3 {
      let (d, s) = Self.raw(0, 20000)
      _ = filter.push(d, scores: s)
    }
    filter.restartStream()
    // After the restart one decision of 1 is a majority of one: a change from 0.
    let (d1, s1) = Self.raw(1, 20000)
    #expect(filter.push(d1, scores: s1)?.classIndex == 1)
    filter.restartStream()
    #expect(filter.push(d1, scores: s1) == nil, "1 is what listeners have already")
  }

  @Test func aLongStreamKeepsTheWindowExact() {
    // The running sums must equal a recount of the last N decisions at every step.
    var filter = DecisionFilter(policy: DecisionPolicy(window: 7, smoothing: .meanScore, topK: 2), classes: 5)
    var rng = Xorshift32(seed: 3)
    var history: [[Int16]] = []
    for _ in 0..<500 {
      var scores = (0..<5).map { _ in Int16(rng.next() % 6000) }
      let winner = Int(rng.next() % 5)
      scores[winner] = 12000
      history.append(scores)
      _ = filter.push(Decision(classIndex: winner, score: 12000), scores: scores)
      let window = history.suffix(7)
      let mean = (0..<5).map { c in Int16(window.reduce(0) { $0 + Int32($1[c]) } / Int32(window.count)) }
      #expect(filter.meanScores == mean)
    }
  }

  /// `push` allocates nothing after `init` (it runs once per decision on the streaming path):
  /// glibc's bytes in use stay equal over 1,000 decisions, in a child process.
  @Test func pushDoesNotAllocate() async {
    await #expect(processExitsWith: .success) {
      let policy = DecisionPolicy(onChange: true, minimumScore: 9000, window: 16, smoothing: .meanScore, topK: 4)
      for smoothing in [DecisionPolicy.Smoothing.majority, .meanScore] {
        var p = policy
        p.smoothing = smoothing
        var filter = DecisionFilter(policy: p, classes: 9)
        var scores = [Int16](repeating: 0, count: 9)
        var rng = Xorshift32(seed: 5)
        func step(_ filter: inout DecisionFilter) {
          for c in 0..<9 { scores[c] = Int16(rng.next() % 8000) }
          let winner = Int(rng.next() % 9)
          scores[winner] = 20000
          _ = filter.push(Decision(classIndex: winner, score: 20000), scores: scores)
        }
        for _ in 0..<20 { step(&filter) }
        let before = spikecam_heap_bytes_in_use()
        for _ in 0..<1000 { step(&filter) }
        filter.restartStream()
        let after = spikecam_heap_bytes_in_use()
        if after != before { exit(1) }
      }
      exit(0)
    }
  }

  @Test func q15ParsesDecimalsInIntegers() {
    #expect(Q15.parse("0") == 0)
    #expect(Q15.parse("0.5") == 16384)
    #expect(Q15.parse(".75") == 24576)
    #expect(Q15.parse("1") == 32767)
    #expect(Q15.parse("1.000") == 32767)
    #expect(Q15.parse("0.6") == 19661)  // 19660.8 rounds up
    #expect(Q15.parse("0.000015") == 0)  // 0.49: rounds down
    for bad in ["", ".", "1.5", "2", "-0.1", "0.5.1", "abc", "0,5", "0.1234567890"] {
      #expect(Q15.parse(bad) == nil, "\(bad)")
    }
  }

  @Test func policiesOutOfRangeAreNamed() {
    #expect(DecisionPolicy().problem(classes: 9) == nil)
    #expect(DecisionPolicy(window: 0).problem(classes: 9) != nil)
    #expect(DecisionPolicy(window: DecisionPolicy.maxWindow + 1).problem(classes: 9) != nil)
    #expect(DecisionPolicy(topK: 10).problem(classes: 9) != nil)
    #expect(DecisionPolicy(topK: 9).problem(classes: 9) == nil)
  }
}
