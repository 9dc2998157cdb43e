import Foundation
import SpikeCapture
import SpikeTestSupport
import Testing

/// tools/videos_to_dataset.py on small videos made with ffmpeg's test sources (H.264 MP4,
/// MJPEG AVI, PNG-in-MOV): split by video, deterministic, readable by SpikeCam, and the frames
/// are SpikeCam's own preprocessing bit for bit (`Y4MSource` on the same decoded frames).
@Suite(
  .serialized,
  .enabled(
    if: PythonTools.required
      || PythonTools.missing(["numpy"], programs: ["ffmpeg", "ffprobe"]) == nil,
    "python3 with numpy, or ffmpeg, is not installed; run tools/setup.sh"))
struct VideoDatasetTests {
  let root: String

  init() throws {
    if let reason = PythonTools.missing(["numpy"], programs: ["ffmpeg", "ffprobe"]) {
      Issue.record("SPIKECAM_REQUIRE_PYTHON=1 but \(reason)")
      throw ToyModel.Failure(description: reason)
    }
    root = NSTemporaryDirectory() + "spikecam-videos-" + UUID().uuidString.prefix(8)
    try FileManager.default.createDirectory(atPath: root + "/videos/drift", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: root + "/videos/bars", withIntermediateDirectories: true)
    for i in 1...3 {
      try Self.ffmpeg(
        "-f lavfi -i testsrc2=size=320x240:rate=30:duration=3 -vf hue=h=\(40 * i) -c:v libx264 "
          + "-pix_fmt yuv420p \(root)/videos/drift/v\(i).mp4")
    }
    for i in 1...2 {
      try Self.ffmpeg(
        "-f lavfi -i smptebars=size=200x150:rate=25:duration=2.5 -vf hue=s=\(i) -c:v mjpeg "
          + "\(root)/videos/bars/b\(i).avi")
    }
    try Self.ffmpeg(
      "-f lavfi -i mandelbrot=size=160x120:rate=24 -t 2 -c:v png \(root)/videos/bars/m.mov")
  }

  static func ffmpeg(_ arguments: String) throws {
    try PythonTools.execute(
      "/usr/bin/env", ["ffmpeg", "-nostdin", "-v", "error", "-y"] + arguments.split(separator: " ").map(String.init))
  }

  func convert(_ out: String, _ extra: [String] = []) throws -> String {
    try PythonTools.tool(
      "videos_to_dataset.py", ["--videos", root + "/videos", "--out", out] + extra)
  }

  static func rows(_ path: String) throws -> [[String]] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
      .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
  }

  @Test func splitsByVideoDeterministicallyIntoADataSetSpikeCamReads() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let first = root + "/ds1"
    let printed = try convert(first)
    #expect(printed.contains("from 6 videos"), "\(printed)")
    // Every clip of a video is in that video's split (clips are numbered video by video).
    let videos = try Self.rows(first + "/videos.csv")
    let clips = try Self.rows(first + "/labels.csv")
    var next = 0
    var splitsOfLabel: [String: Set<String>] = [:]
    for video in videos {
      let count = try #require(Int(video[3]))
      #expect(count >= 1, "\(video)")
      for clip in clips[next..<next + count] {
        #expect(clip[1] == video[1] && clip[2] == video[2], "\(clip) vs \(video)")
      }
      next += count
      splitsOfLabel[video[1], default: []].insert(video[2])
    }
    #expect(next == clips.count)
    // Three videos per label: one each for train, val and test.
    #expect(splitsOfLabel == ["bars": ["train", "val", "test"], "drift": ["train", "val", "test"]])
    // SpikeCam reads every split.
    var total = 0
    for split in ["train", "val", "test"] {
      let d = try Dataset.load(directory: first, split: split)
      #expect(d.classNames == ["bars", "drift"])
      #expect(d.framesPerClip == 16 && d.frameFormat == FrameFormat(width: 64, height: 64))
      total += d.clipCount
    }
    #expect(total == clips.count)
    // The same videos give the same bytes.
    let second = root + "/ds2"
    _ = try convert(second)
    let names = try FileManager.default.subpathsOfDirectory(atPath: first).sorted()
    #expect(try FileManager.default.subpathsOfDirectory(atPath: second).sorted() == names)
    for name in names where name.contains(".") {
      #expect(
        FileManager.default.contents(atPath: first + "/" + name)
          == FileManager.default.contents(atPath: second + "/" + name), "\(name)")
    }
    // A used folder and a single label are refused with a message.
    #expect(throws: PythonTools.Failure.self) { try convert(first) }
    do {
      _ = try PythonTools.tool(
        "videos_to_dataset.py", ["--videos", root + "/videos/bars", "--out", root + "/ds3"])
      Issue.record("one label was accepted")
    } catch let failure as PythonTools.Failure {
      #expect(failure.stderr.contains("Error:") && failure.stderr.contains("at least two labels"))
    }
  }

  @Test func framesAreSpikeCamsPreprocessingBitForBit() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let out = root + "/ds"
    _ = try convert(out, ["--val", "0", "--test", "0"])
    let videos = try Self.rows(out + "/videos.csv")
    let clips = try Self.rows(out + "/labels.csv")
    // The first clip of drift/v1.mp4, and the same video decoded to y4m for SpikeCam.
    let index = try #require(videos.firstIndex { $0[0] == "drift/v1.mp4" })
    let clip = clips[videos[..<index].reduce(0) { $0 + Int($1[3])! }][0]
    let y4m = root + "/v1.y4m"
    try Self.ffmpeg(
      "-i \(root)/videos/drift/v1.mp4 -vf fps=12 -pix_fmt yuv420p -f yuv4mpegpipe \(y4m)")
    var source = try Y4MSource(path: y4m)
    var frame = [UInt8](repeating: 0, count: 4096)
    for t in 0..<16 {
      let stamp = try frame.withUnsafeMutableBufferPointer { try source.nextFrame(into: $0) }
      #expect(stamp != nil)
      let pgm = try #require(
        FileManager.default.contents(atPath: out + "/\(clip)/" + String(format: "frame_%04d.pgm", t)))
      let pixels = [UInt8](pgm.suffix(4096))
      #expect(pgm.count == 4096 + "P5\n64 64\n255\n".utf8.count)
      #expect(pixels == frame, "frame \(t)")
    }
  }
}
