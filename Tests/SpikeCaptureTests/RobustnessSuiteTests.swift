import Foundation
import SpikeCapture
import Testing

/// `suite.json` and stream folders are read strictly: bad manifests, paths leaving the suite and
/// inconsistent gesture lists are refused with the file named.
@Suite struct RobustnessSuiteTests {
  static let classes = #"["none","left","right"]"#

  func manifest(_ conditions: String, extra: String = "") -> [UInt8] {
    Array(
      (#"{"format":"spikecam-suite","version":1,"split":"dev","fps":12,"frame_width":4,"frame_height":2,"classes":"#
        + Self.classes + #","conditions":"# + conditions + extra + "}").utf8)
  }

  @Test func readsConditionsInOrder() throws {
    let suite = try RobustnessSuite(
      json: manifest(
        #"[{"name":"plain-wall","kind":"clips","path":"plain-wall","description":"a wall"},{"name":"s","kind":"stream","path":"s"}]"#),
      path: "suite.json", directory: "/d")
    #expect(suite.conditions.map(\.name) == ["plain-wall", "s"])
    #expect(suite.conditions.map(\.kind) == [.clips, .stream])
    #expect(suite.conditions[0].directory == "/d/plain-wall")
    #expect(suite.frameFormat == FrameFormat(width: 4, height: 2) && suite.fps == 12)
  }

  @Test(arguments: [
    #"[{"name":"a","kind":"clips","path":"../etc"}]"#,
    #"[{"name":"a","kind":"clips","path":"/etc"}]"#,
    #"[{"name":"a","kind":"video","path":"a"}]"#,
    #"[{"name":"a\u001b[2J","kind":"clips","path":"a"}]"#,
    #"[]"#,
  ])
  func refusesBadConditions(_ conditions: String) {
    #expect(throws: CaptureError.self) {
      try RobustnessSuite(json: manifest(conditions), path: "suite.json", directory: "/d")
    }
  }

  @Test func loadsStreamsAndRefusesBadGestures() throws {
    let dir = NSTemporaryDirectory() + "suite-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(atPath: dir + "/s", withIntermediateDirectories: true)
    try Data(manifest(#"[{"name":"s","kind":"stream","path":"s"}]"#)).write(to: URL(fileURLWithPath: dir + "/suite.json"))
    try Data(repeating: 7, count: 8 * 30).write(to: URL(fileURLWithPath: dir + "/s/stream_000.u8"))
    try Data(repeating: 9, count: 8 * 10).write(to: URL(fileURLWithPath: dir + "/s/stream_001.u8"))
    func gestures(_ text: String) throws {
      try Data(("stream,start,end,label,label_name\n" + text).utf8).write(
        to: URL(fileURLWithPath: dir + "/s/gestures.csv"))
    }
    try gestures("1,2,6,2,right\n0,10,20,1,left\n")
    let suite = try RobustnessSuite.load(directory: dir)
    let streams = try suite.streams(suite.conditions[0])
    #expect(streams.frames.count == 2 && streams.frameCount(0) == 30 && streams.frameCount(1) == 10)
    #expect(streams.gestures.map(\.stream) == [0, 1] && streams.gestures[0].label == 1)
    for bad in ["0,10,31,1,x\n", "2,0,4,1,x\n", "0,5,5,1,x\n", "0,1,4,3,x\n", "0,1,8,1,x\n0,6,9,2,y\n"] {
      try gestures(bad)
      #expect(throws: CaptureError.self, "\(bad)") { try suite.streams(suite.conditions[0]) }
    }
  }
}
