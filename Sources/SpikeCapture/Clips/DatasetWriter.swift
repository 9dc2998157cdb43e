import SpikeSystem

/// Appends labelled clips to a data set folder (`<clip>/frame_0000.pgm` … and a
/// `labels.csv` of `clip,label`, or `clip,label,split` once a clip has a split), as
/// `spikecam record` does, without ever leaving a partial file behind:
///
/// 1. the frames are written into a new hidden temporary folder `.tmp-…-<clip>`, each file
///    created exclusively (never through a link) and fsynced, then the folder is fsynced and
///    renamed to `<clip>` and the parent fsynced: a clip folder either exists complete or not
///    at all;
/// 2. `labels.csv` is replaced durably (`Folder.replace`): always the old list or the new one.
///
/// A crash between the two steps leaves a complete clip that `labels.csv` does not list yet;
/// readers go by `labels.csv`, and the next clip takes the next free name. Leftover temporary
/// files and folders are removed when a writer opens the folder, without following links
/// (`Folder.removeTemporaries`). Files and folders get the umask's mode, so a service with
/// `UMask=0077` keeps its recordings private.
public struct DatasetWriter {
  /// The data set folder.
  public let directory: String
  /// Size of every frame.
  public let frameFormat: FrameFormat
  /// Frames per clip.
  public let framesPerClip: Int
  /// The rows of `labels.csv` (clip folder, label name, split or nil), in order.
  public private(set) var rows: [(clip: String, label: String, split: String?)]
  /// Whether `labels.csv` has a `split` column.
  public private(set) var hasSplits: Bool
  private var nextNumber: Int

  /// Opens (creating it if needed) the data set folder `directory` and reads its `labels.csv`.
  public init(directory: String, frameFormat: FrameFormat, framesPerClip: Int) throws(CaptureError)
  {
    precondition(frameFormat.byteCount > 0 && framesPerClip > 0, "empty clips")
    try FileSystem.run { () throws(FileError) in try Folder.makePath(directory) }
    var rows: [(clip: String, label: String, split: String?)] = []
    var hasSplits = false
    let labelsPath = directory + "/labels.csv"
    if FileSystem.exists(labelsPath) {
      let table = try CSVTable.parse(
        FileSystem.readFile(labelsPath, limit: CSVTable.maxBytes), name: labelsPath)
      hasSplits = table.header == ["clip", "label", "split"]
      guard table.header == ["clip", "label"] || hasSplits else {
        throw .badFile(
          path: labelsPath,
          reason: "has columns '\(table.header.joined(separator: ","))'; clips are only added to"
            + " data sets whose labels.csv is 'clip,label' or 'clip,label,split' (docs/DATA.md);"
            + " choose another --out folder"
        )
      }
      rows = table.rows.map { ($0[0], $0[1], hasSplits ? $0[2] : nil) }
    }
    var highest = -1
    let names = try FileSystem.run { () throws(FileError) in
      let folder = try Folder(directory)
      try folder.removeTemporaries()
      return try folder.names()
    }
    for name in names { if let n = Self.number(ofClip: name) { highest = max(highest, n) } }
    for row in rows { if let n = Self.number(ofClip: row.clip) { highest = max(highest, n) } }
    (self.directory, self.frameFormat, self.framesPerClip, self.rows, self.hasSplits) =
      (directory, frameFormat, framesPerClip, rows, hasSplits)
    nextNumber = highest + 1
  }

  /// Clip folders are named `clip_00000`, `clip_00001`, …
  static func clipName(_ number: Int) -> String {
    let digits = String(number)
    return "clip_" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
  }

  static func number(ofClip name: String) -> Int? {
    guard name.hasPrefix("clip_") else { return nil }
    return Int(name.dropFirst(5))
  }

  /// Frame files are named `frame_0000.pgm`, `frame_0001.pgm`, …
  static func frameName(_ index: Int) -> String {
    let digits = String(index)
    return "frame_" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".pgm"
  }

  /// Split of the clips recorded before the data set had splits, once one is given.
  public static let splitOfUnsplitClips = "train"

  /// Writes one clip (`framesPerClip` frames of `frameFormat`, frame-major) with its label and
  /// returns the clip's folder name. The label is a class name: not empty, one line, no
  /// control characters, at most 64 bytes. With `split` (the same rules), `labels.csv` gets a
  /// `split` column; clips already listed without one join `splitOfUnsplitClips`, because
  /// without the column every clip would be in every split. A data set with splits needs one.
  @discardableResult
  public mutating func append(clip pixels: [UInt8], label: String, split: String? = nil)
    throws(CaptureError) -> String
  {
    precondition(pixels.count == framesPerClip * frameFormat.byteCount, "clip size does not match")
    if let problem = ClassName.problem(label) { throw .badFile(path: directory, reason: problem) }
    if let split {
      guard !split.isEmpty, split.utf8.count <= 64,
        !split.unicodeScalars.contains(where: TerminalText.isControl)
      else {
        throw .badFile(
          path: directory,
          reason: "split '\(TerminalText.safe(split))' must be 1 to 64 bytes on one line, no control"
            + " characters")
      }
    }
    if hasSplits && split == nil {
      throw .badFile(
        path: directory + "/labels.csv",
        reason: "the data set's clips have splits; give this clip one too (train, val or test)")
    }
    let name = Self.clipName(nextNumber)
    let frameBytes = frameFormat.byteCount
    let (format, count) = (frameFormat, framesPerClip)
    try FileSystem.run { () throws(FileError) in
      let parent = try Folder(directory)
      let temporary = try parent.makeTemporaryFolder(for: name)
      do throws(FileError) {
        let clip = try parent.open(temporary)
        for t in 0..<count {
          let pgm = pixels.withUnsafeBufferPointer { all in
            PGM.encode(
              UnsafeBufferPointer(rebasing: all[(t * frameBytes)..<((t + 1) * frameBytes)]),
              format: format)
          }
          try pgm.withRawBytes { (raw) throws(FileError) in try clip.create(Self.frameName(t), raw) }
        }
        try clip.sync()
        try parent.rename(temporary, to: name)
      } catch {
        try? parent.removeTemporaries()
        throw error
      }
      try parent.sync()
    }
    nextNumber += 1
    if split != nil && !hasSplits {
      hasSplits = true
      rows = rows.map { ($0.clip, $0.label, Self.splitOfUnsplitClips) }
    }
    rows.append((name, label, split))
    try writeLabels()
    return name
  }

  /// Rewrites `labels.csv` atomically from `rows`.
  private func writeLabels() throws(CaptureError) {
    var text = hasSplits ? "clip,label,split\n" : "clip,label\n"
    for row in rows {
      text += CSVTable.line([row.clip, row.label] + (hasSplits ? [row.split ?? ""] : []))
    }
    try FileSystem.run { () throws(FileError) in
      try Folder(directory).replace("labels.csv", with: Array(text.utf8))
    }
  }
}
