import Foundation
import SpikeTestSupport
import Testing

@testable import SpikeCLI

/// `eval --suite` scores each clips condition exactly as `eval --data` scores that folder, and
/// scores streams per gesture; a stream of still frames raises no alarm.
@Suite(.serialized) struct EvalSuiteCLITests {
  static let model = packageRoot + "/calibration/gesture9-int8.safetensors"
  static let sample = packageRoot + "/calibration/gesture9-sample"

  /// A suite with the bundled sample's test clips as a clips condition, and one stream: the same
  /// clips separated by 24 still frames each.
  static func makeSuite() throws -> String {
    let dir = NSTemporaryDirectory() + "eval-suite-\(getpid())"
    let fm = FileManager.default
    try? fm.removeItem(atPath: dir)
    for sub in ["/sample", "/stream"] { try fm.createDirectory(atPath: dir + sub, withIntermediateDirectories: true) }
    for f in ["test_clips.u8", "test_labels.u8"] { try fm.copyItem(atPath: sample + "/" + f, toPath: dir + "/sample/" + f) }
    let clips = try [UInt8](Data(contentsOf: URL(fileURLWithPath: sample + "/test_clips.u8")))
    let labels = try [UInt8](Data(contentsOf: URL(fileURLWithPath: sample + "/test_labels.u8")))
    let clipBytes = 16 * 4096
    var frames: [UInt8] = []
    var csv = "stream,start,end,label,label_name\n"
    for c in labels.indices {
      let clip = clips[c * clipBytes..<(c + 1) * clipBytes]
      for _ in 0..<24 { frames += clip.prefix(4096) }
      csv += "0,\(frames.count / 4096),\(frames.count / 4096 + 16),\(labels[c]),x\n"
      frames += clip
    }
    for _ in 0..<120 { frames += clips.suffix(4096) }
    try Data(frames).write(to: URL(fileURLWithPath: dir + "/stream/stream_000.u8"))
    try Data(csv.utf8).write(to: URL(fileURLWithPath: dir + "/stream/gestures.csv"))
    let names = #"["none","left","right","up","down","approach","recede","circle_cw","circle_ccw"]"#
    try Data(
      (#"{"format":"spikecam-suite","version":1,"split":"dev","fps":12,"frame_width":64,"frame_height":64,"clip_frames":16,"classes":"#
        + names
        + #","conditions":[{"name":"sample","kind":"clips","path":"sample"},{"name":"stream","kind":"stream","path":"stream"}]}"#).utf8
    ).write(to: URL(fileURLWithPath: dir + "/suite.json"))
    return dir
  }

  /// With the float twin, a clips condition says where the disagreement comes from exactly as
  /// `eval --data` does on the same clips.
  @Test func agreementSourcesMatchEvalData() throws {
    let suite = try Self.makeSuite()
    defer { try? FileManager.default.removeItem(atPath: suite) }
    let float = packageRoot + "/calibration/gesture9-float.safetensors"
    var (code, out, err) = spikecam([
      "eval", "--model", Self.model, "--float", float, "--data", Self.sample, "--json",
    ])
    #expect(code == 0, "\(err)")
    let plain = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    (code, out, err) = spikecam([
      "eval", "--model", Self.model, "--float", float, "--suite", suite, "--path", "raw",
      "--json",
    ])
    #expect(code == 0, "\(err)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    let rows = try #require(report["conditions"] as? [[String: Any]])
    let sample = try #require(rows.first?["raw"] as? [String: Any])
    for key in ["agreement", "agreement_head", "agreement_front_end"] {
      let value = try #require(plain[key] as? Double, "\(key)")
      #expect(sample[key] as? Double == value, "\(key)")
      #expect((0...1).contains(value))
    }
  }

  @Test func clipsConditionsMatchEvalDataAndStreamsAreScoredPerGesture() throws {
    let suite = try Self.makeSuite()
    defer { try? FileManager.default.removeItem(atPath: suite) }
    var (code, out, err) = spikecam(["eval", "--model", Self.model, "--data", Self.sample, "--json"])
    #expect(code == 0, "\(err)")
    let plain = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
    (code, out, err) = spikecam(["eval", "--model", Self.model, "--suite", suite, "--path", "raw", "--json"])
    #expect(code == 0, "\(err)")
    let report = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
    let rows = report["conditions"] as! [[String: Any]]
    #expect(rows.map { $0["name"] as! String } == ["sample", "stream"])
    let sample = rows[0]["raw"] as! [String: Any]
    #expect(sample["accuracy"] as! Double == plain["accuracy"] as! Double)
    #expect(sample["clips"] as! Int == 9)
    let stream = rows[1]["raw"] as! [String: Any]
    #expect(stream["gestures"] as! Int == 9)
    let right = stream["right"] as! Int, wrong = stream["wrong_label"] as! Int, missed = stream["missed"] as! Int
    #expect(right + wrong + missed == 9)
    #expect(right >= 3, "\(stream)")
    #expect((stream["quiet_minutes"] as! Double) > 0)
    (code, out, err) = spikecam(["eval", "--model", Self.model, "--suite", suite, "--path", "fast"])
    #expect(code == 64 && err.contains("--path"), "\(err)")
    (code, out, err) = spikecam(["eval", "--model", Self.model, "--suite", suite, "--data", Self.sample])
    #expect(code == 64, "\(err)")
  }

  /// tools/stream-windows.py cuts the windows around each stream gesture and scores them as
  /// clips: the stream above holds the sample's clips between still frames, so the window at
  /// offset 0 is each clip itself and is named right exactly as often as `eval --data` names
  /// the sample right.
  @Test(
    .enabled(
      if: PythonTools.required || PythonTools.missing(["numpy"]) == nil,
      "python3 with numpy is not installed; run tools/setup.sh"))
  func streamWindowsAtOffsetZeroAreTheClips() throws {
    let suite = try Self.makeSuite()
    defer { try? FileManager.default.removeItem(atPath: suite) }
    let (code, out, err) = spikecam(["eval", "--model", Self.model, "--data", Self.sample, "--json"])
    #expect(code == 0, "\(err)")
    let accuracy = (try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any])["accuracy"] as! Double
    let table = try PythonTools.tool(
      "stream-windows.py",
      ["--suite", suite, "--model", Self.model, "--out", suite + "/windows", "--spikecam", Spawned.spikecam])
    let rows = table.split(separator: "\n").filter { $0.hasPrefix("| ") }.map {
      $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }
    let whole = try #require(rows.first { $0.first == "+0" }, "\(table)")
    #expect(whole[1] == "15", "\(whole)")
    #expect(whole[2] == String(format: "%.1f", 100 * accuracy), "\(table)")
    let early = try #require(rows.first { $0.first == "-14" }, "\(table)")
    #expect(early[1] == "2", "\(early)")
    #expect(rows.filter { Int($0[0]) != nil }.count == 23, "\(table)")
  }

  /// Streams are scored with `--smooth 9 --smooth-by majority --min-score 0.4` unless told
  /// otherwise (the filter chosen on the development pool, docs/RESULTS.md); each option given
  /// replaces its part only, and the report names the filter it used.
  @Test func streamsDefaultToTheFilterChosenOnTheDevelopmentPool() throws {
    let suite = try Self.makeSuite()
    defer { try? FileManager.default.removeItem(atPath: suite) }
    let base = ["eval", "--model", Self.model, "--suite", suite, "--path", "raw", "--clips", "1"]
    func report(_ options: [String]) throws -> [String: Any] {
      let (code, out, err) = spikecam(base + options + ["--json"])
      #expect(code == 0, "\(err)")
      return try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
    }
    var r = try report([])
    #expect(r["smooth"] as? Int == 9 && r["smooth_by"] as? String == "majority", "\(r)")
    #expect(abs((r["min_score"] as! Double) - 0.4) < 1e-4, "\(r)")
    r = try report(["--smooth", "3", "--min-score", "0"])
    #expect(r["smooth"] as? Int == 3 && r["smooth_by"] as? String == "majority", "\(r)")
    #expect(r["min_score"] as? Double == 0, "\(r)")
    r = try report(["--smooth-by", "mean"])
    #expect(r["smooth"] as? Int == 9 && r["smooth_by"] as? String == "mean", "\(r)")
    #expect(abs((r["min_score"] as! Double) - 0.4) < 1e-4, "\(r)")
    let (code, out, err) = spikecam(base)
    #expect(code == 0, "\(err)")
    #expect(out.contains("--on-change --smooth 9 --smooth-by majority --min-score 0.4)"), "\(out)")
  }

  /// With `--suite`, one confusion picture per clips condition and path, and the predictions'
  /// rows carry the condition and path; they agree with the report's accuracy. A stream's rows
  /// are its gestures (first event's class, -1 when missed), and agree with its counts.
  @Test func suitePicturesAndPredictionsPerConditionAndPath() throws {
    let suite = try Self.makeSuite()
    defer { try? FileManager.default.removeItem(atPath: suite) }
    let pictures = suite + "/pictures"
    let csv = suite + "/predictions.csv"
    let (code, out, err) = spikecam([
      "eval", "--model", Self.model, "--suite", suite, "--path", "both", "--pictures", pictures,
      "--predictions", csv, "--json",
    ])
    #expect(code == 0, "\(err)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: pictures).sorted()
        == ["confusion-sample-camera.png", "confusion-sample-raw.png"])
    let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map {
      $0.split(separator: ",").map(String.init)
    }
    #expect(rows.first == ["condition", "path", "clip", "label", "predicted"])
    let report = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
    let sample = (report["conditions"] as! [[String: Any]])[0]
    for path in ["raw", "camera"] {
      let mine = rows.dropFirst().filter { $0[0] == "sample" && $0[1] == path }
      #expect(mine.count == 9, "\(path)")
      let accuracy = (sample[path] as! [String: Any])["accuracy"] as! Double
      #expect(abs(Double(mine.filter { $0[3] == $0[4] }.count) / 9 - accuracy) < 1e-9, "\(path)")
      let gestures = rows.dropFirst().filter { $0[0] == "stream" && $0[1] == path }
      #expect(gestures.map { $0[2] } == (0..<9).map(String.init), "\(path)")
      let counts = (report["conditions"] as! [[String: Any]])[1][path] as! [String: Any]
      #expect(gestures.filter { $0[3] == $0[4] }.count == counts["right"] as! Int, "\(path)")
      #expect(gestures.filter { $0[4] == "-1" }.count == counts["missed"] as! Int, "\(path)")
      #expect(
        gestures.filter { $0[4] != "-1" && $0[3] != $0[4] }.count == counts["wrong_label"] as! Int,
        "\(path)")
    }
  }
}
