import Foundation
import SpikeModel
import SpikeSignature
import SpikeSystem
import Testing

/// Issue 18's findings, end to end with the built binary: inputs that hung, a scan that took
/// quadratic time, pacing that ignored SIGTERM, writes through links, modes that ignored the
/// umask, injected class names and terminal sequences, and models of unknown origin.
@Suite struct SecurityCLITests {
  static let model = packageRoot + "/calibration/gesture9-int8.safetensors"
  static let clip = packageRoot + "/calibration/sample-640x480.avi"

  static func folder() throws -> String {
    let path = NSTemporaryDirectory() + "spikecam-security-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Whether `pid` catches SIGTERM (its handler is installed): the event the signal tests wait
  /// for before signalling.
  static func catchesSIGTERM(_ pid: pid_t) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
      let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
    else { return false }
    return mask & (1 << UInt64(SIGTERM - 1)) != 0
  }

  /// Whether `pid` has `path` open (a clip being played: it is read through a descriptor held
  /// open, not mapped).
  static func opens(_ pid: pid_t, _ path: String) -> Bool {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []
    return fds.contains {
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")) == target
    }
  }

  /// Runs the binary and returns its exit code, or nil when it did not end within `seconds`.
  static func exitCode(_ arguments: [String], within seconds: Double = 30) throws -> (Int32?, Spawned) {
    let child = try Spawned(Spawned.spikecam, arguments)
    return (child.exitCode(within: seconds), child)
  }

  /// A FIFO as `--clip`, as a frame of a clip folder, as `--model`, as `--board`, as a data
  /// set's `meta.json`: refused at once (exit 65), never opened (an open would block).
  @Test func fifosAreRefusedWithoutBlocking() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(mkfifo(dir + "/clip.avi", 0o600) == 0)
    try FileManager.default.createDirectory(atPath: dir + "/frames", withIntermediateDirectories: false)
    #expect(mkfifo(dir + "/frames/frame_0000.pgm", 0o600) == 0)
    #expect(mkfifo(dir + "/model.safetensors", 0o600) == 0)
    #expect(mkfifo(dir + "/board.json", 0o600) == 0)
    try FileManager.default.copyItem(
      atPath: packageRoot + "/calibration/gesture9-sample", toPath: dir + "/data")
    try FileManager.default.removeItem(atPath: dir + "/data/meta.json")
    #expect(mkfifo(dir + "/data/meta.json", 0o600) == 0)
    let cases: [[String]] = [
      ["run", "--model", Self.model, "--clip", dir + "/clip.avi"],
      ["run", "--model", Self.model, "--clip", dir + "/frames"],
      ["run", "--model", dir + "/model.safetensors", "--clip", Self.clip],
      ["run", "--model", Self.model, "--clip", Self.clip, "--board", dir + "/board.json"],
      ["eval", "--model", Self.model, "--data", dir + "/data"],
    ]
    for arguments in cases {
      let (code, child) = try Self.exitCode(arguments)
      #expect(code == 65, "\(arguments): \(child.stderr)")
      #expect(child.stderr.contains("FIFO"), "\(child.stderr)")
    }
  }

  /// `FFD8 (FFE0 0004 FFD8)×k` then a non-marker byte took quadratic time to index (480 KB:
  /// 10 s in a release build, far longer in a debug one); now it is refused at once.
  @Test func theCraftedMJPEGStreamIndexesInLinearTime() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var stream: [UInt8] = [0xFF, 0xD8]
    for _ in 0..<80_000 { stream += [0xFF, 0xE0, 0x00, 0x04, 0xFF, 0xD8] }
    stream += [0, 0, 0, 0]
    try Data(stream).write(to: URL(fileURLWithPath: dir + "/crafted.mjpeg"))
    let (code, child) = try Self.exitCode(["run", "--model", Self.model, "--clip", dir + "/crafted.mjpeg"])
    #expect(code == 65 && child.stderr.contains("no complete JPEG"), "\(child.stderr)")
  }

  /// A clip folder whose first frame is a 17-byte PGM header claiming 8192×8192 (284 MB before):
  /// refused before its claimed size is allocated.
  @Test func absurdFrameHeadersAreRefusedBeforeAllocating() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try Data("P5\n8192 8192\n255\n".utf8).write(to: URL(fileURLWithPath: dir + "/frame_0000.pgm"))
    let (code, child) = try Self.exitCode(["run", "--model", Self.model, "--clip", dir])
    #expect(code == 65 && child.stderr.contains("truncated: 0 of 67108864 pixel bytes"), "\(child.stderr)")
  }

  /// A clip whose header declares one frame an hour: `--realtime` waits at most 1 s a frame,
  /// in slices that see SIGTERM, so the run stops with exit 0.
  @Test func realtimePacingIsCappedAndStopsOnSIGTERM() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var avi = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.clip)))
    let avih = try #require((0..<(avi.count - 4)).first { avi[$0..<($0 + 4)].elementsEqual("avih".utf8) })
    let hour: UInt32 = 3_600_000_000  // µs per frame
    for k in 0..<4 { avi[avih + 8 + k] = UInt8(truncatingIfNeeded: hour >> (8 * UInt32(k))) }
    let slow = dir + "/slow.avi"
    try Data(avi).write(to: URL(fileURLWithPath: slow))
    let child = try Spawned(
      Spawned.spikecam, ["run", "--model", Self.model, "--clip", slow, "--realtime", "--json"])
    // Wait for the events: the handler is installed and the clip is open (playing).
    #expect(child.wait(upTo: 60) { Self.catchesSIGTERM(child.pid) && Self.opens(child.pid, slow) })
    child.signal(SIGTERM)
    #expect(child.exitCode(within: 10) == 0, "\(child.stderr)")
    #expect(child.stderr.contains("stopped by signal"))
  }

  /// SIGTERM as soon as the handler is installed (arguments parsed, model being loaded or not
  /// yet): exit 0, not 143.
  @Test func sigtermDuringStartupExitsZero() throws {
    for _ in 0..<3 {
      let child = try Spawned(
        Spawned.spikecam, ["run", "--model", Self.model, "--clip", Self.clip, "--loop", "--json"])
      #expect(child.wait(upTo: 60) { Self.catchesSIGTERM(child.pid) })
      child.signal(SIGTERM)
      #expect(child.exitCode(within: 20) == 0, "\(child.stderr)")
      #expect(child.stderr.contains("stopped by signal"), "\(child.stderr)")
    }
  }

  /// SIGTERM at random events of a learning run that saves every 3 frames: after the handler
  /// is installed, after the clip is open, after the n-th decision line. Every time: exit 0,
  /// no temporary file left, and the saved model (when there is one) loads with its digest.
  @Test func sigtermAtRandomEventsLeavesNothingHalfWritten() throws {
    var generator = SeededGenerator(seed: 18)
    for attempt in 0..<10 {
      let dir = try Self.folder()
      defer { try? FileManager.default.removeItem(atPath: dir) }
      let saved = dir + "/adapted.safetensors"
      let child = try Spawned(
        Spawned.spikecam,
        [
          "run", "--model", Self.model, "--clip", Self.clip, "--loop", "--json", "--learn",
          "--save", saved, "--save-every", "3",
        ])
      let event = Int.random(in: 0..<6, using: &generator)
      let lines = Int.random(in: 1...40, using: &generator)
      switch event {
      case 0: #expect(child.wait(upTo: 60) { Self.catchesSIGTERM(child.pid) })
      case 1: #expect(child.wait(upTo: 60) { Self.catchesSIGTERM(child.pid) && Self.opens(child.pid, Self.clip) })
      default:
        #expect(child.wait(upTo: 120) { child.stdout.split(separator: "\n").count >= lines })
      }
      child.signal(SIGTERM)
      #expect(child.exitCode(within: 30) == 0, "attempt \(attempt), event \(event): \(child.stderr)")
      let left = try FileManager.default.contentsOfDirectory(atPath: dir)
      #expect(left.allSatisfy { !$0.hasPrefix(".tmp-") }, "attempt \(attempt): \(left)")
      if left.contains("adapted.safetensors") {
        let file = try SafetensorsFile.read(path: saved)
        #expect(file.verifiedDigest != nil)
      }
    }
  }

  /// Class names with control characters are refused where they enter: a model (exit 65), a
  /// data set's labels.csv (exit 65), `record --label` (exit 64, before the camera is opened).
  @Test func controlCharactersInClassNamesAreRefused() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let good = try SafetensorsFile.read(path: Self.model)
    var meta = good.metadata
    meta["classes"] = meta["classes"]!.replacingOccurrences(of: "\"left\"", with: "\"le\\u001b[2Jft\"")
    var w = SafetensorsWriter()
    w.metadata = meta
    for t in good.tensors { w.add(raw: t, good.bytes(of: t)) }
    try w.write(path: dir + "/bad.safetensors")
    let (model, child) = try Self.exitCode(["run", "--model", dir + "/bad.safetensors", "--clip", Self.clip])
    #expect(model == 65 && child.stderr.contains("U+001B"), "\(child.stderr)")
    #expect(!child.stderr.contains("\u{1B}"))

    try FileManager.default.copyItem(
      atPath: packageRoot + "/calibration/gesture9-sample/clips/test/test_00000", toPath: dir + "/c0")
    try Data("clip,label\nc0,\"bad\u{1B}]0;title\u{07}\"\n".utf8).write(to: URL(fileURLWithPath: dir + "/labels.csv"))
    let (data, evalChild) = try Self.exitCode(["eval", "--model", Self.model, "--data", dir, "--split", "x"])
    #expect(data == 65 && evalChild.stderr.contains("control character"), "\(evalChild.stderr)")

    let (record, recordChild) = try Self.exitCode([
      "record", "--device", "/dev/spikecam-none", "--label", "a\u{1B}[31m", "--out", dir + "/rec",
    ])
    #expect(record == 64 && recordChild.stderr.contains("control character"))
  }

  /// `inspect` of a file whose tensor name holds an OSC title sequence: the text has no ESC,
  /// the JSON escapes it.
  @Test func inspectStripsTerminalSequences() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var w = SafetensorsWriter()
    w.add("x\u{1B}]0;owned\u{07}", [UInt8](repeating: 1, count: 4), shape: [4])
    w.metadata["note"] = "\u{1B}[2J"
    try w.write(path: dir + "/odd.safetensors")
    let text = try runSpikeCam(["inspect", dir + "/odd.safetensors"])
    #expect(text.status == 0 && !text.stdout.contains("\u{1B}") && !text.stdout.contains("\u{07}"))
    #expect(text.stdout.contains("x?]0;owned?"))
    let json = try runSpikeCam(["inspect", dir + "/odd.safetensors", "--json"])
    #expect(json.stdout.contains(#"x\u001b]0;owned\u0007"#))
    #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil)
  }

  /// `run --learn --save` under `UMask=0077` writes a 0600 model, and a link planted at the save
  /// path is replaced, never written through: the file it pointed to keeps its bytes and mode.
  @Test func savesHonourTheUmaskAndNeverFollowALink() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let victim = dir + "/victim"
    try Data("private".utf8).write(to: URL(fileURLWithPath: victim))
    chmod(victim, 0o600)
    symlink(victim, dir + "/adapted.safetensors")
    for pid in 1..<64 { symlink(victim, dir + "/adapted.safetensors.tmp\(pid)") }
    let child = try Spawned(
      "/bin/sh",
      [
        "-c", "umask 077; exec \"$0\" \"$@\"", Spawned.spikecam, "run", "--model", Self.model,
        "--clip", Self.clip, "--frames", "20", "--json", "--learn", "--save", dir + "/adapted.safetensors",
      ])
    #expect(child.exitCode(within: 120) == 0, "\(child.stderr)")
    #expect(try String(contentsOfFile: victim, encoding: .utf8) == "private")
    var info = stat()
    #expect(lstat(dir + "/adapted.safetensors", &info) == 0)
    #expect(info.st_mode & S_IFMT == S_IFREG && info.st_mode & 0o777 == 0o600)
    #expect(lstat(victim, &info) == 0 && info.st_mode & 0o777 == 0o600)
  }

  /// keygen, sign, and trusted keys: a signed model runs; an unsigned one, or one signed by a
  /// key the board does not list, is refused with exit 65 saying why.
  @Test func trustedKeysRefuseUnsignedAndForeignModels() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(spikecam(["keygen", "--out", dir + "/alice"]).0 == 0)
    #expect(spikecam(["keygen", "--out", dir + "/mallory"]).0 == 0)
    var info = stat()
    #expect(stat(dir + "/alice.key", &info) == 0 && info.st_mode & 0o777 == 0o600)
    #expect(spikecam(["keygen", "--out", dir + "/alice"]).0 != 0, "keygen must not overwrite a key")
    let signed = dir + "/signed.safetensors"
    let (code, out, err) = spikecam(["sign", "--key", dir + "/alice.key", "--model", Self.model, "--out", signed])
    #expect(code == 0 && out.contains("signed by ed25519:"), "\(err)")
    let run = ["run", "--clip", Self.clip, "--frames", "20", "--json"]
    #expect(spikecam(run + ["--model", signed, "--trusted-keys", dir + "/alice.pub"]).0 == 0)
    let unsigned = spikecam(run + ["--model", Self.model, "--trusted-keys", dir + "/alice.pub"])
    #expect(unsigned.0 == 65 && unsigned.2.contains("not signed"))
    let foreign = spikecam(run + ["--model", signed, "--trusted-keys", dir + "/mallory.pub"])
    #expect(foreign.0 == 65 && foreign.2.contains("not one of the 1 trusted key(s)"))
    // The board profile names the keys too.
    var board = try String(contentsOfFile: packageRoot + "/firmware-config/rpi-4.json", encoding: .utf8)
    let mallory = try String(contentsOfFile: dir + "/mallory.pub", encoding: .utf8)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    board = board.replacingOccurrences(of: "\"name\":", with: "\"trusted_keys\": [\"\(mallory)\"],\n  \"name\":")
    try Data(board.utf8).write(to: URL(fileURLWithPath: dir + "/board.json"))
    let onBoard = spikecam(run + ["--model", signed, "--board", dir + "/board.json"])
    #expect(onBoard.0 == 65 && onBoard.2.contains("not one of"), "\(onBoard.2)")
    let inspect = spikecam(["inspect", signed, "--trusted-keys", dir + "/alice.pub"])
    #expect(inspect.0 == 0 && inspect.1.contains("verified, trusted"))
    let eval = spikecam([
      "eval", "--model", Self.model, "--data", packageRoot + "/calibration/gesture9-sample",
      "--trusted-keys", dir + "/alice.pub",
    ])
    #expect(eval.0 == 65)
  }
}

/// A small seeded generator (SplitMix64), so the random events repeat from run to run.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
