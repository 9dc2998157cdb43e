import SpikeModel
import Testing

/// The `training_data` record: which scored clips a model trained on, by pixel digest.
@Suite struct TrainingDataTests {
  /// Clips whose first pixel is each of `ids` (4 frames of 2×2, the rest fixed).
  static func clips(_ ids: [UInt8], labels: [Int]? = nil) -> ClipSet {
    ClipSet(
      pixels: ids.flatMap { [$0] + [UInt8](repeating: 7, count: 15) },
      labels: labels ?? ids.map { Int($0) % 2 }, framesPerClip: 4, frameBytes: 4,
      classNames: ["a", "b"])
  }

  @Test func countsScoredClipsAmongTheTrainingClips() throws {
    let record = TrainingData(
      train: .init(Self.clips([1, 2, 3]), split: "train"), validation: .init(Self.clips([9]), split: "val"))
    let decoded = try #require(TrainingData(json: record.json))
    #expect(decoded == record)
    #expect(decoded.train.clips == 3 && decoded.train.clipHashes?.count == 3 * 8)
    #expect(decoded.train.overlap(with: Self.clips([2, 3, 4, 2])) == 3)
    #expect(decoded.train.overlap(with: Self.clips([5, 6])) == 0)
    #expect(decoded.validation?.overlap(with: Self.clips([9, 1])) == 1)
    #expect(TrainingData(json: "{\"train\": 1}") == nil)
  }

  /// The set digest covers the clips and their labels in order; without per-clip
  /// hashes only an identical set is recognised, otherwise the overlap is unknown.
  @Test func withoutClipHashesOnlyTheWholeSetIsCompared() {
    var train = TrainingData.Clips(Self.clips([1, 2, 3]), split: "train")
    #expect(train.sha256 != TrainingData.Clips(Self.clips([1, 2, 3], labels: [0, 0, 0]), split: "train").sha256)
    train.clipHashes = nil
    #expect(train.overlap(with: Self.clips([1, 2, 3])) == 3)
    #expect(train.overlap(with: Self.clips([1, 2])) == nil)
  }
}
