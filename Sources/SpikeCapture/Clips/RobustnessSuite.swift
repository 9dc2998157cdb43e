import SpikeSystem

/// A robustness suite on disk (`docs/DATA.md`, "The robustness suite"): `suite.json` naming one
/// folder per condition, in table order. A `clips` condition is a Gesture-9 raw-layout data set
/// whose only split is `test`; a `stream` condition holds long recordings (`stream_NNN.u8`, raw
/// frames) with the gestures performed in them (`gestures.csv`: stream, start, end, label,
/// label_name; frame indices, end exclusive). Every frame outside a gesture is quiet.
public struct RobustnessSuite: Sendable {
  /// What a condition holds.
  public enum Kind: String, Sendable {
    /// Labelled clips, scored per clip.
    case clips
    /// Continuous recordings, scored per gesture and per minute of quiet.
    case stream
  }

  /// One row of the suite's table.
  public struct Condition: Sendable {
    /// Short name, e.g. `plain-wall`.
    public var name: String
    /// Clips or streams.
    public var kind: Kind
    /// Its folder.
    public var directory: String
    /// One line on what it is.
    public var description: String
  }

  /// A gesture inside a stream: frames `start..<end` of stream `stream`.
  public struct Gesture: Sendable, Equatable {
    public var stream: Int
    public var start: Int
    public var end: Int
    public var label: Int
  }

  /// The recordings of a stream condition and the gestures in them.
  public struct Streams: Sendable {
    /// Frames of each stream, back to back.
    public var frames: [[UInt8]]
    /// Bytes per frame.
    public var frameBytes: Int
    /// The gestures, in stream then start order.
    public var gestures: [Gesture]
    /// Frames of stream `s`.
    public func frameCount(_ s: Int) -> Int { frames[s].count / frameBytes }
  }

  /// The folder.
  public var directory: String
  /// `dev` (for choices) or `test` (scored once per model).
  public var split: String
  /// Frames per second the clips were made at.
  public var fps: Int
  /// Frame size.
  public var frameFormat: FrameFormat
  /// Class names, index = label.
  public var classNames: [String]
  /// The conditions, in table order.
  public var conditions: [Condition]

  /// Largest `suite.json` read.
  static let maxManifestBytes = 16 << 20
  /// Most conditions accepted.
  static let maxConditions = 256

  /// Reads `directory/suite.json`.
  public static func load(directory: String) throws(CaptureError) -> RobustnessSuite {
    let path = directory + "/suite.json"
    guard FileSystem.exists(path) else {
      throw FileSystem.isDirectory(directory)
        ? .badFile(path: directory, reason: "no suite.json: not a robustness suite (docs/DATA.md)")
        : .fileMissing(path: directory)
    }
    return try RobustnessSuite(
      json: FileSystem.readFile(path, limit: maxManifestBytes), path: path, directory: directory)
  }

  /// Parses the text of a `suite.json`; `path` names it in errors.
  package init(json bytes: [UInt8], path: String, directory: String) throws(CaptureError) {
    func bad(_ reason: String) -> CaptureError { .badFile(path: path, reason: reason) }
    let json: JSONValue
    do throws(JSONError) {
      json = try JSONValue.parse(bytes, limits: .init(depth: 16, arrayItems: 65536, members: 4096))
    } catch {
      throw bad(error.description)
    }
    guard json["format"]?.stringValue == "spikecam-suite" else {
      throw bad("'format' must be \"spikecam-suite\"")
    }
    guard json["version"]?.int == 1 else { throw bad("only 'version' 1 is known") }
    func number(_ key: String, _ range: ClosedRange<Int>) throws(CaptureError) -> Int {
      guard let n = json[key]?.int, range.contains(n) else {
        throw bad("'\(key)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
      }
      return n
    }
    self.directory = directory
    split = json["split"]?.stringValue ?? "dev"
    fps = try number("fps", 1...1000)
    frameFormat = FrameFormat(
      width: try number("frame_width", 1...PGM.maxSide),
      height: try number("frame_height", 1...PGM.maxSide))
    guard let names = json["classes"]?.array, !names.isEmpty, names.count <= 256 else {
      throw bad("'classes' must be a list of 1 to 256 names")
    }
    classNames = []
    for name in names {
      guard let text = name.stringValue, !text.isEmpty else { throw bad("'classes' must hold names") }
      if let problem = ClassName.problem(text) { throw bad(problem) }
      classNames.append(text)
    }
    guard let list = json["conditions"]?.array, !list.isEmpty, list.count <= Self.maxConditions
    else {
      throw bad("'conditions' must be a list of 1 to \(Self.maxConditions) conditions")
    }
    conditions = []
    for item in list {
      guard let name = item["name"]?.stringValue, Self.isPlainName(name) else {
        throw bad("every condition needs a 'name' of letters, digits, '-' and '_'")
      }
      guard let kindText = item["kind"]?.stringValue, let kind = Kind(rawValue: kindText) else {
        throw bad("condition '\(name)': 'kind' must be \"clips\" or \"stream\"")
      }
      guard let folder = item["path"]?.stringValue, Self.isPlainName(folder) else {
        throw bad("condition '\(name)': 'path' must be a folder name inside the suite")
      }
      conditions.append(
        Condition(
          name: name, kind: kind, directory: directory + "/" + folder,
          description: item["description"]?.stringValue ?? ""))
    }
  }

  /// A name that stays inside the suite's folder and prints cleanly.
  static func isPlainName(_ text: String) -> Bool {
    !text.isEmpty && text.utf8.count <= 64 && text.first != "."
      && text.unicodeScalars.allSatisfy {
        ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || $0 == "-"
          || $0 == "_" || $0 == "."
      }
  }

  /// Loads the streams of a `stream` condition.
  public func streams(_ condition: Condition) throws(CaptureError) -> Streams {
    let csvPath = condition.directory + "/gestures.csv"
    let table = try CSVTable.parse(FileSystem.readFile(csvPath, limit: 16 << 20), name: csvPath)
    guard let sc = table.column("stream"), let bc = table.column("start"),
      let ec = table.column("end"), let lc = table.column("label")
    else {
      throw .badFile(path: csvPath, reason: "needs the columns stream, start, end and label")
    }
    let frameBytes = frameFormat.byteCount
    var frames: [[UInt8]] = []
    while true {
      let index = frames.count
      let digits = String(index)
      let name = String(repeating: "0", count: max(0, 3 - digits.count)) + digits
      let path = condition.directory + "/stream_\(name).u8"
      guard FileSystem.exists(path) else { break }
      let bytes = try FileSystem.readFile(path, limit: Dataset.maxBytes)
      guard !bytes.isEmpty, bytes.count % frameBytes == 0 else {
        throw .badFile(path: path, reason: "not a whole number of \(frameFormat) frames")
      }
      frames.append(bytes)
    }
    guard !frames.isEmpty else {
      throw .badFile(path: condition.directory, reason: "no stream_000.u8")
    }
    var gestures: [Gesture] = []
    for (n, row) in table.rows.enumerated() {
      guard let s = Int(row[sc]), let b = Int(row[bc]), let e = Int(row[ec]), let l = Int(row[lc]),
        frames.indices.contains(s), b >= 0, b < e, e <= frames[s].count / frameBytes,
        classNames.indices.contains(l)
      else {
        throw .badFile(
          path: csvPath,
          reason: "row \(n + 2): a gesture needs a stream that exists, 0 ≤ start < end ≤ its frames,"
            + " and a label below \(classNames.count)")
      }
      gestures.append(Gesture(stream: s, start: b, end: e, label: l))
    }
    gestures.sort { ($0.stream, $0.start) < ($1.stream, $1.start) }
    for (a, b) in zip(gestures, gestures.dropFirst()) where a.stream == b.stream && b.start < a.end {
      throw .badFile(path: csvPath, reason: "gestures overlap in stream \(a.stream)")
    }
    return Streams(frames: frames, frameBytes: frameBytes, gestures: gestures)
  }
}
