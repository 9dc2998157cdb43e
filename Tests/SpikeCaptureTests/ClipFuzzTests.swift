import Foundation
import Testing

@testable import SpikeCapture
import SpikeSystem

/// Seeded mutation loops over the clip parsers (truncations, byte flips, inserted and deleted
/// bytes, overwritten size fields): every input either parses into values that are in bounds
/// or is refused with a `CaptureError`. A crash or trap fails the whole run. The libFuzzer
/// targets of the full check mode go further; this keeps a cheap version in every test run.
@Suite struct ClipFuzzTests {
  /// SplitMix64: a fixed seed gives the same mutations on every run.
  struct Mutator {
    var state: UInt64

    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }

    mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
      var bytes = seed
      for _ in 0...below(4) {
        switch below(6) {
        case 0: bytes = Array(bytes.prefix(below(bytes.count + 1)))
        case 1 where !bytes.isEmpty: bytes[below(bytes.count)] ^= UInt8(1 << below(8))
        case 2 where !bytes.isEmpty: bytes[below(bytes.count)] = UInt8(truncatingIfNeeded: next())
        case 3: bytes.insert(UInt8(truncatingIfNeeded: next()), at: below(bytes.count + 1))
        case 4 where !bytes.isEmpty: bytes.remove(at: below(bytes.count))
        case 5 where bytes.count >= 4:  // a random 32-bit little-endian value, as a size field would be
          let at = below(bytes.count - 3)
          let value = next()
          for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        default: break
        }
      }
      return bytes
    }
  }

  @Test func pgmParserSurvivesMutations() {
    var rng = Mutator(state: 1)
    let seed = Array("P5\n# fuzz\n8 4\n255\n".utf8) + (0..<32).map { UInt8($0 * 8) }
    var accepted = 0
    for _ in 0..<5000 {
      let bytes = rng.mutate(seed)
      do {
        let (format, pixels) = try PGM.decode(bytes, name: "fuzz.pgm")
        #expect(pixels.count == format.byteCount && format.byteCount <= PGM.maxPixels)
        accepted += 1
      } catch {
        #expect(!error.description.isEmpty)
      }
    }
    #expect(accepted > 0)
  }

  @Test func y4mParserSurvivesMutations() throws {
    var rng = Mutator(state: 2)
    let path = try #require(
      Bundle.module.path(forResource: "tiny-420", ofType: "y4m", inDirectory: "Fixtures"))
    let seed = try TestPaths.read(path)
    for _ in 0..<3000 {
      let bytes = rng.mutate(seed)
      bytes.withUnsafeBytes { raw in
        do throws(FormatRefusal) {
          let header = try Y4MHeader(parsing: raw)
          var offset = header.headerLength
          var frames = 0
          while let (luma, next) = try header.frame(at: offset, in: raw) {
            #expect(luma + header.format.byteCount <= raw.count && next > offset)
            offset = next
            frames += 1
          }
          #expect(frames <= raw.count / max(1, header.planeBytes))
        } catch {
          #expect(!error.reason.isEmpty)
        }
      }
    }
  }

  @Test func mjpegIndexSurvivesMutations() throws {
    var rng = Mutator(state: 3)
    let avi = Array(try TestPaths.read(TestPaths.sampleAVI).prefix(48 * 1024))
    let frames = try avi.withUnsafeBytes { try MJPEGFrames.all(in: $0) }
    let stream = frames.flatMap { Array(avi[$0]) }
    var decoder = JPEGDecoder(capacity: 640 * 480)
    for round in 0..<1500 {
      let bytes = rng.mutate(round % 2 == 0 ? avi : stream)
      bytes.withUnsafeBytes { raw in
        do throws(FormatRefusal) {
          let found = try MJPEGFrames.all(in: raw)
          #expect(
            found.allSatisfy {
              $0.lowerBound >= 0 && $0.upperBound <= raw.count && !$0.isEmpty
            })
          // Decode the first frame: libjpeg must refuse or decode, never crash.
          if round % 10 == 0, let first = found.first {
            _ = try? decoder.decode(
              UnsafeRawBufferPointer(rebasing: raw[first]), minWidth: 128, minHeight: 96)
            _ = MJPEGFrames.dimensions(of: UnsafeRawBufferPointer(rebasing: raw[first]))
          }
        } catch {
          #expect(!error.reason.isEmpty)
        }
      }
    }
  }

  @Test func labelsCSVAndMetaJSONSurviveMutations() throws {
    var rng = Mutator(state: 4)
    let csv = try TestPaths.read(TestPaths.sampleDataset + "/labels.csv")
    let json = try TestPaths.read(TestPaths.sampleDataset + "/meta.json")
    for _ in 0..<1500 {
      if let table = try? CSVTable.parse(rng.mutate(csv), name: "fuzz.csv") {
        #expect(table.rows.allSatisfy { $0.count == table.header.count })
      }
      _ = try? JSONValue.parse(rng.mutate(json))
    }
    // Deep nesting is refused, not a stack overflow.
    let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
    #expect(throws: JSONError.self) { try JSONValue.parse(deep) }
  }
}
