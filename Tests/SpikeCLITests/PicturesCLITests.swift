import Foundation
import SpikePictures
import Testing

/// `inspect --pictures`, `inspect --tuning`, `eval --pictures` and `eval --predictions`, as a
/// user runs them on the bundled model and sample clips: every picture is a PNG that libpng
/// reads back, and the predictions agree with eval's own score.
@Suite struct PicturesCLITests {
  static let model = packageRoot + "/calibration/gesture9-int8.safetensors"
  static let sample = packageRoot + "/calibration/gesture9-sample"

  func folder() -> String {
    let path = NSTemporaryDirectory() + "spikecam-pictures-\(UUID().uuidString)"
    return path
  }

  func png(_ path: String) throws -> Canvas {
    try PNGFile.decode([UInt8](try #require(FileManager.default.contents(atPath: path))))
  }

  @Test func inspectDrawsWhatTheNetworkLearned() throws {
    let out = folder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let (code, stdout, stderr) = spikecam(["inspect", Self.model, "--pictures", out, "--column", "3"])
    #expect(code == 0, "\(stderr)")
    let names = [
      "raster.png", "traces.png", "receptive-fields.png", "receptive-fields-column-3.png",
      "tuning.png", "tuning-column-3.png", "preferred-directions.png",
    ]
    #expect(stdout.split(separator: "\n").map { String($0.split(separator: "/").last!) } == names)
    for name in names {
      let canvas = try png(out + "/" + name)
      #expect(canvas.width >= 100 && canvas.height >= 100, "\(name)")
    }
    // A clip of the data set instead of the default bar; a column that is not there.
    let (clip, _, clipErr) = spikecam([
      "inspect", Self.model, "--pictures", out, "--data", Self.sample, "--split", "train", "--index", "2",
    ])
    #expect(clip == 0, "\(clipErr)")
    let (bad, _, badErr) = spikecam(["inspect", Self.model, "--pictures", out, "--column", "64"])
    #expect(bad == 64 && badErr.contains("--column"), "\(badErr)")
  }

  @Test func tuningReportIsTheLibrarysMeasurement() throws {
    let (code, stdout, stderr) = spikecam(["inspect", Self.model, "--tuning", "--json"])
    #expect(code == 0, "\(stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
    #expect(json != nil, "\(stdout)")
    // The same figures as MotionTuningTests' golden, through the command.
    #expect(stdout.contains("208") && stdout.contains("438"), "\(stdout)")
  }

  @Test func evalWritesConfusionAndPredictions() throws {
    let out = folder()
    defer { try? FileManager.default.removeItem(atPath: out) }
    let csv = out + "/predictions.csv"
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let (code, stdout, stderr) = spikecam([
      "eval", "--model", Self.model, "--data", Self.sample, "--pictures", out, "--predictions", csv, "--json",
    ])
    #expect(code == 0, "\(stderr)")
    let canvas = try png(out + "/confusion.png")
    #expect(canvas.width >= 100 && canvas.height >= 100)
    let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map {
      $0.split(separator: ",").map(String.init)
    }
    #expect(rows.first == ["clip", "label", "predicted"])
    let clips = rows.dropFirst()
    #expect(clips.count == 9)
    let right = clips.filter { $0[1] == $0[2] }.count
    let report = try #require(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    let accuracy = try #require(report["accuracy"] as? Double)
    #expect(abs(accuracy - Double(right) / Double(clips.count)) < 1e-9, "\(accuracy) vs \(right)/9")
    // A folder that cannot be made fails before any scoring, with the path in the message.
    let (bad, _, badErr) = spikecam([
      "eval", "--model", Self.model, "--data", Self.sample, "--pictures", csv + "/inside",
    ])
    #expect(bad != 0 && badErr.contains("--pictures"), "\(badErr)")
  }
}
