/// Applies a `DecisionPolicy` to a stream of decisions: smooths each over the last N, then
/// tells whether it is worth publishing. Integer only; every buffer is allocated in `init` and
/// `push` allocates nothing, so it runs on the streaming path.
///
/// Order of the rules: smoothing first (over the last `window` raw decisions, fewer at the start
/// of a stream), then the minimum score on the smoothed score, then on-change against the last
/// *published* class (a decision dropped for its score does not count as a change).
public struct DecisionFilter: Sendable {
  /// The rules.
  public let policy: DecisionPolicy
  /// Classes of the classifier.
  public let classes: Int
  /// The smoothed decision of the last `push`, published or not.
  public private(set) var current = Decision(classIndex: 0, score: 0)
  /// Every class's mean score over the window after the last `push`, Q15.
  public private(set) var meanScores: [Int16]
  /// The `topK` classes of highest mean score after the last `push`, best first (ties: the
  /// lower class index).
  public private(set) var top: [Int]
  /// The class of the last published decision (nil before the first one).
  public private(set) var lastPublished: Int?

  private var votes: [Int32]
  private var scoreSums: [Int32]
  /// The push number of each class's latest vote (the majority's tie-break).
  private var lastVote: [Int]
  private var historyClasses: [Int]
  private var historyScores: [Int16]
  private var next = 0
  private var count = 0
  private var pushes = 0

  /// A filter for a classifier of `classes` classes; `policy.problem(classes:)` must be nil.
  public init(policy: DecisionPolicy, classes: Int) {
    precondition(policy.problem(classes: classes) == nil, "DecisionFilter: bad policy")
    (self.policy, self.classes) = (policy, classes)
    meanScores = [Int16](repeating: 0, count: classes)
    top = [Int](repeating: 0, count: policy.topK)
    votes = [Int32](repeating: 0, count: classes)
    scoreSums = votes
    lastVote = [Int](repeating: -1, count: classes)
    historyClasses = [Int](repeating: 0, count: policy.window)
    historyScores = [Int16](repeating: 0, count: policy.window * classes)
  }

  /// Takes the next raw decision and every class's score in it (`scores.count == classes`);
  /// returns the smoothed decision when it should be published, nil otherwise.
  public mutating func push(_ decision: Decision, scores: [Int16]) -> Decision? {
    precondition(scores.count == classes, "DecisionFilter: one score per class")
    precondition(decision.classIndex >= 0 && decision.classIndex < classes, "class index")
    remember(decision.classIndex, scores)
    for c in 0..<classes { meanScores[c] = Int16(scoreSums[c] / Int32(count)) }
    let chosen: Int
    switch policy.smoothing {
    case .majority:
      var best = decision.classIndex
      for c in 0..<classes
      where votes[c] > votes[best] || (votes[c] == votes[best] && lastVote[c] > lastVote[best]) {
        best = c
      }
      chosen = best
    case .meanScore:
      var best = 0
      for c in 1..<max(1, classes) where scoreSums[c] > scoreSums[best] { best = c }
      chosen = best
    }
    // With a window of 1 this is the raw decision, score included (the mean of one score).
    current =
      policy.window == 1
      ? decision : Decision(classIndex: chosen, score: meanScores[chosen])
    rankTop()
    guard current.score >= policy.minimumScore else { return nil }
    if policy.onChange, lastPublished == current.classIndex { return nil }
    lastPublished = current.classIndex
    return current
  }

  /// A new stream (a camera reopened): the smoothing starts over; the last published class is
  /// kept, so `onChange` does not repeat a class its listeners already have.
  public mutating func restartStream() {
    for c in 0..<classes {
      votes[c] = 0
      scoreSums[c] = 0
      lastVote[c] = -1
    }
    next = 0
    count = 0
  }

  private mutating func remember(_ decided: Int, _ scores: [Int16]) {
    let window = policy.window
    if count == window {
      let old = historyClasses[next]
      votes[old] -= 1
      for c in 0..<classes { scoreSums[c] -= Int32(historyScores[next * classes + c]) }
    } else {
      count += 1
    }
    historyClasses[next] = decided
    votes[decided] += 1
    lastVote[decided] = pushes
    pushes += 1
    for c in 0..<classes {
      let s = max(scores[c], 0)
      historyScores[next * classes + c] = s
      scoreSums[c] += Int32(s)
    }
    next = next + 1 == window ? 0 : next + 1
  }

  /// Selection of the K best mean scores (K and the class count are small).
  private mutating func rankTop() {
    for rank in 0..<top.count {
      var best = -1
      for c in 0..<classes where !top[0..<rank].contains(c) {
        if best < 0 || meanScores[c] > meanScores[best] { best = c }
      }
      top[rank] = best
    }
  }
}
