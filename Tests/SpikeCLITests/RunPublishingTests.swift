import Foundation
import SpikeCapture
import SpikeModel
import SpikeSystem
import Testing

@testable import SpikeCLI

/// `run`'s published lines: the policy options on the bundled clip, the schema every line
/// carries, and the JSON writer they come from.
@Suite struct RunPublishingTests {
  static let model = packageRoot + "/calibration/gesture9-int8.safetensors"
  static let clip = packageRoot + "/calibration/sample-640x480.avi"

  /// `spikecam run --model M --clip C --json EXTRA…` in-process: its JSON lines.
  static func lines(_ extra: [String]) throws -> [[String: Any]] {
    let (code, out, err) = spikecam(["run", "--model", model, "--clip", clip, "--json"] + extra)
    #expect(code == 0, "\(err)")
    return try out.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)")
    }
  }

  @Test func onChangePrintsOnlyTheChanges() throws {
    let all = try Self.lines([])
    let changes = try Self.lines(["--on-change"])
    #expect(all.count == 96 - 15)
    // The changes are exactly the lines of the full run whose class differs from the line before.
    var expected: [[String: Any]] = []
    for line in all where (line["class"] as? Int) != (expected.last?["class"] as? Int) {
      expected.append(line)
    }
    #expect(changes.count == expected.count && changes.count > 1 && changes.count < all.count)
    for (a, b) in zip(changes, expected) {
      #expect(a["frame"] as? Int == b["frame"] as? Int)
      #expect(a["class"] as? Int == b["class"] as? Int)
      #expect(a["score"] as? Double == b["score"] as? Double)
    }
    for (a, b) in zip(changes, changes.dropFirst()) {
      #expect(a["class"] as? Int != b["class"] as? Int)
    }
  }

  @Test func everyLineCarriesTheSchemaHeader() throws {
    let lines = try Self.lines(["--frames", "20"])
    let file = try SafetensorsFile.read(path: Self.model)
    // The bundled models are format 2: their id is the whole-file digest.
    let digest = try #require(file.verifiedDigest)
    let host = try String(contentsOfFile: "/proc/sys/kernel/hostname", encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let rfc3339 = try Regex(#"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#)
    for line in lines {
      #expect(line["schema"] as? Int == 1)
      let time = try #require(line["time"] as? String)
      #expect(time.wholeMatch(of: rfc3339) != nil, "\(time)")
      #expect(line["host"] as? String == host)
      #expect(line["clip"] as? String == Self.clip)
      #expect(line["model"] as? String == "sha256:" + digest)
      for key in ["t", "frame", "class", "label", "score", "fps", "dropped", "latency_ms"] {
        #expect(line[key] != nil, "no \(key) in \(line)")
      }
    }
    // The wall clock is now, UTC.
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let stamped = try #require(formatter.date(from: lines[0]["time"] as? String ?? ""))
    #expect(abs(stamped.timeIntervalSinceNow) < 600)
  }

  @Test func topKListsTheBestClassesBestFirst() throws {
    for line in try Self.lines(["--top-k", "3", "--frames", "30"]) {
      let top = try #require(line["top"] as? [[String: Any]])
      #expect(top.count == 3)
      let scores = top.compactMap { $0["score"] as? Double }
      #expect(scores == scores.sorted(by: >))
      // Without smoothing the first is the decision itself.
      #expect(top[0]["class"] as? Int == line["class"] as? Int)
      #expect(top[0]["label"] as? String == line["label"] as? String)
      #expect(scores[0] == line["score"] as? Double)
    }
  }

  @Test func minScoreAndSmoothingThinTheChanges() throws {
    let strong = try Self.lines(["--min-score", "0.5"])
    #expect(!strong.isEmpty)
    #expect(strong.allSatisfy { ($0["score"] as? Double ?? 0) >= 0.5 })
    let raw = try Self.lines(["--on-change"])
    for by in ["majority", "mean"] {
      let smooth = try Self.lines(["--on-change", "--smooth", "8", "--smooth-by", by])
      #expect(!smooth.isEmpty && smooth.count < raw.count, "\(by): \(smooth.count) vs \(raw.count)")
    }
  }

  @Test func badPolicyAndMQTTOptionsAreRefused() {
    let base = ["run", "--model", Self.model, "--clip", Self.clip]
    let usage: [[String]] = [
      ["--min-score", "1.5"], ["--min-score", "x"], ["--smooth", "0"], ["--top-k", "10"],
      ["--smooth-by", "median"], ["--mqtt", "http://h/t"], ["--mqtt", "mqtt://h/a/#"],
      ["--mqtt-queue", "5"], ["--mqtt", "mqtt://h/t", "--mqtt-ca", "/etc/hostname"],
      ["--mqtts-typo", "x"], ["--mqtt", "mqtts://h/t", "--mqtt-cert", "/etc/hostname"],
      ["--mqtt", "mqtt://h/t", "--mqtt-discovery", "a/#"],
    ]
    for extra in usage {
      let (code, out, err) = spikecam(base + extra)
      #expect(code == 64 && out.isEmpty, "\(extra): \(code) \(err)")
    }
    let (missing, _, err) = spikecam(base + ["--mqtt", "mqtts://h/t", "--mqtt-ca", "/nonexistent/ca.pem"])
    #expect(missing == 66, "\(err)")
    let (noFile, _, _) = spikecam(base + ["--mqtt", "mqtt://u@h/t", "--mqtt-password-file", "/nonexistent/pw"])
    #expect(noFile == 66)
  }

  @Test func aPasswordNeedsAUserAndIsNeverPrinted() throws {
    let folder = NSTemporaryDirectory() + "spikecam-pw-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "s3cret-from-file\n".write(toFile: folder + "/pw", atomically: true, encoding: .utf8)
    let base = ["run", "--model", Self.model, "--clip", Self.clip]
    let (code, _, err) = spikecam(base + ["--mqtt", "mqtt://h/t", "--mqtt-password-file", folder + "/pw"])
    #expect(code == 64 && err.contains("needs a user name"), "\(err)")
    #expect(!err.contains("s3cret"))
    let parsed = try parseArguments(
      ["--model", "m", "--mqtt", "mqtt://u:from-url@h/t", "--mqtt-password-file", folder + "/pw"],
      options: Commands.run.options, arguments: [])
    let console = BufferConsole()
    var options = try RunOutputOptions(arguments: parsed, classes: 9, console: console) { _ in "from-env" }
    #expect(options.mqtt?.endpoint.password == "s3cret-from-file")
    let withoutFile = try parseArguments(
      ["--model", "m", "--mqtt", "mqtt://u:from-url@h/t"], options: Commands.run.options, arguments: [])
    options = try RunOutputOptions(arguments: withoutFile, classes: 9, console: console) { _ in "from-env" }
    #expect(options.mqtt?.endpoint.password == "from-env")
    options = try RunOutputOptions(arguments: withoutFile, classes: 9, console: console) { _ in nil }
    #expect(options.mqtt?.endpoint.password == "from-url")
    #expect(options.mqtt?.endpoint.description.contains("from-url") == false)
  }

  @Test func theJSONWriterEscapesPerRFC8259() {
    #expect(JSON.quoted("a\"b\\c") == #""a\"b\\c""#)
    #expect(JSON.quoted("\n\r\t\u{8}\u{C}") == #""\n\r\t\b\f""#)
    #expect(JSON.quoted("x\u{1}\u{1F}\u{7F}\u{85}y") == #""x\u0001\u001f\u007f\u0085y""#)
    #expect(JSON.quoted("é😀") == "\"é😀\"")
    // Whatever the label, the line parses and gives the label back.
    var line = JSONObject()
    let label = "wave\u{0}\u{1B}[31m\"left\"\n"
    line.add("label", label)
    line.add("n", 3)
    let object = try? JSONSerialization.jsonObject(with: Data(line.json.utf8)) as? [String: Any]
    #expect(object?["label"] as? String == label)
    #expect(object?["n"] as? Int == 3)
  }

  @Test func eventLinesStartWithTheirNameAndCarryTheHeader() throws {
    let lines = RunLines(
      sourceKey: "device", source: "/dev/v4l/by-id/cam", model: "crc32:00000001",
      labels: ["a", "b"], start: 1_000_000_000)
    let text = lines.event("reopened", frame: 41, now: 3_500_000_000) { $0.add("attempt", 2) }
    #expect(text.hasPrefix(#"{"event":"reopened","schema":1,"time":""#), "\(text)")
    #expect(text.hasSuffix(#","t":2.500,"host":"\#(WallClock.hostName)","device":"/dev/v4l/by-id/cam","model":"crc32:00000001","frame":41,"attempt":2}"#), "\(text)")
    let early = lines.event("frame_timeout", frame: nil, now: 1_000_000_000) { $0.add("timeout_ms", 5000) }
    #expect(!early.contains("\"frame\""))
  }

  @Test func decimalsAndTimesAreIntegerExact() {
    #expect(JSON.decimal(16384, per: 32768, digits: 4) == "0.5000")
    #expect(JSON.decimal(32767, per: 32768, digits: 4) == "1.0000")
    #expect(JSON.decimal(1, per: 32768, digits: 4) == "0.0000")
    #expect(JSON.decimal(2, per: 32768, digits: 4) == "0.0001")  // 0.000061 rounds up
    #expect(JSON.decimal(1_234_567, per: 1_000_000, digits: 3) == "1.235")
    #expect(JSON.decimal(Int64.max, per: 1, digits: 0) == String(Int64.max))
    #expect(JSON.decimal(Int64.max, per: 1_000_000_000, digits: 9) == "9223372036.854775807")
    #expect(WallClock.rfc3339(seconds: 0, milliseconds: 0) == "1970-01-01T00:00:00.000Z")
    #expect(WallClock.rfc3339(seconds: 1_700_000_000, milliseconds: 5) == "2023-11-14T22:13:20.005Z")
    #expect(WallClock.rfc3339(seconds: 951_782_400, milliseconds: 999) == "2000-02-29T00:00:00.999Z")
  }
}
