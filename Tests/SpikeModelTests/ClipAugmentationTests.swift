import SpikeCore
import Testing

@testable import SpikeModel

/// The training symmetries: label maps as Gesture-9's generator defines the classes, refusal of
/// classes whose image under a symmetry is unknown, and frames that really move the way the new
/// label says.
@Suite struct ClipAugmentationTests {
  static let gesture9 = [
    "none", "left", "right", "up", "down", "approach", "recede", "circle_cw", "circle_ccw",
  ]

  /// The maps read off `make_clips.py` (x → W−1−x negates cos of the circle's angle, y → H−1−y
  /// its sin, t → 1−t runs every path backwards; the zoom is geometric, so reversed approach is
  /// recede).
  @Test func labelMapsFollowTheGeneratorsClasses() throws {
    #expect(try ClipTransform.mirror.labelMap(Self.gesture9) == [0, 2, 1, 3, 4, 5, 6, 8, 7])
    #expect(try ClipTransform.flip.labelMap(Self.gesture9) == [0, 1, 2, 4, 3, 5, 6, 8, 7])
    #expect(try ClipTransform.reverse.labelMap(Self.gesture9) == [0, 2, 1, 4, 3, 6, 5, 8, 7])
    // Mirror and reversal together: left and right swap twice, circles twice, zooms once.
    let both = try ClipVariant([.mirror, .reverse]).labelMap(Self.gesture9)
    #expect(both == [0, 1, 2, 4, 3, 6, 5, 7, 8])
    let variants = ClipVariant.all([.reverse, .mirror, .mirror])
    #expect(variants.count == 4)
    #expect(variants.first == ClipVariant([]))
    #expect(Set(variants.map(\.name)) == ["identity", "mirror", "reverse", "mirror+reverse"])
  }

  @Test func unknownClassesRefuseTheTransformAndTheDefaultStepsAside() throws {
    #expect(throws: ConfigError.self) { try ClipTransform.mirror.labelMap(["wave", "none"]) }
    // "left" without "right" has nowhere to go.
    #expect(throws: ConfigError.self) { try ClipTransform.reverse.labelMap(["none", "left"]) }
    #expect(try ClipTransform.flip.labelMap(["none", "left"]) == [0, 1])
    #expect(try AttentionTrainer.augmentation(nil, ["wave", "nothing"], 2) == [])
    #expect(
      try AttentionTrainer.augmentation(nil, Self.gesture9, 9)
        == AttentionTrainingOptions.defaultAugmentation)
    #expect(try AttentionTrainer.augmentation([.flip], ["wave"], 1) == [.flip])
  }

  /// A toy clip of each class through every variant: the bright square's centroid moves the
  /// way the mapped class says (left: x falls, right: x rises, up: y falls, down: y rises).
  @Test func variantsMoveTheObjectTheWayTheNewLabelSays() throws {
    let clips = ToyClips.make(perClass: 1, seed: 7)
    let names = clips.classNames
    for variant in ClipVariant.all([.mirror, .flip, .reverse]) {
      let map = try variant.labelMap(names)
      for c in 0..<clips.clipCount {
        var out = [UInt8](repeating: 0, count: clips.frameBytes)
        var centres: [(x: Int, y: Int)] = []
        for f in 0..<clips.framesPerClip {
          clips.withFrame(c, variant.sourceFrame(f, of: clips.framesPerClip)) { frame in
            out.withUnsafeMutableBufferPointer {
              variant.transform(frame, width: 64, height: 64, into: $0)
            }
          }
          var (sx, sy, n) = (0, 0, 0)
          for p in out.indices where out[p] == 220 {
            sx += p % 64
            sy += p / 64
            n += 1
          }
          centres.append((sx / max(n, 1), sy / max(n, 1)))
        }
        let dx = centres.last!.x - centres.first!.x
        let dy = centres.last!.y - centres.first!.y
        let moved = abs(dx) > abs(dy) ? (dx < 0 ? "left" : "right") : (dy < 0 ? "up" : "down")
        #expect(names[map[clips.labels[c]]] == moved, "\(variant.name), clip \(c)")
      }
    }
  }

  /// `augment_variants N`: every clip in the identity and in N − 1 distinct others, the same
  /// draw for the same seed, another for another seed, and every variant used.
  @Test func aVariantSubsetKeepsTheIdentityAndIsSeeded() {
    let members = AttentionTrainer.assign(400, 8, 4, seed: 1)
    #expect(members[0] == Array(0..<400))
    var uses = [Int](repeating: 0, count: 400)
    for list in members {
      #expect(Set(list).count == list.count)
      for c in list { uses[c] += 1 }
    }
    #expect(uses.allSatisfy { $0 == 4 })
    #expect(members.dropFirst().allSatisfy { $0.count > 100 && $0.count < 250 })
    #expect(AttentionTrainer.assign(400, 8, 4, seed: 1) == members)
    #expect(AttentionTrainer.assign(400, 8, 4, seed: 2) != members)
    #expect(AttentionTrainer.assign(5, 4, nil, seed: 1) == Array(repeating: Array(0..<5), count: 4))
  }
}
