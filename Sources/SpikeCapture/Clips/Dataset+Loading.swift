import SpikeSystem

extension Dataset {
  /// Reads split `split` of the data set in `directory`, whichever layout it has.
  public static func load(directory: String, split: String) throws(CaptureError) -> Dataset {
    guard FileSystem.isDirectory(directory) else {
      throw FileSystem.exists(directory)
        ? .badFile(path: directory, reason: "a data set is a folder")
        : .fileMissing(path: directory)
    }
    guard !split.isEmpty, !split.contains("/"), !split.hasPrefix(".") else {
      throw .badFile(path: directory, reason: "'\(split)' is not a split name")
    }
    let meta = try Meta(directory: directory)
    if FileSystem.exists(directory + "/\(split)_clips.u8") {
      return try loadRaw(directory: directory, split: split, meta: meta)
    }
    let labelsPath = directory + "/labels.csv"
    if FileSystem.exists(labelsPath) {
      let table = try CSVTable.parse(
        FileSystem.readFile(labelsPath, limit: CSVTable.maxBytes), name: labelsPath)
      if table.column("clip_id") != nil {
        return try loadGesture9Folders(directory: directory, split: split, table: table, meta: meta)
      }
      return try loadClipFolders(directory: directory, split: split, table: table, meta: meta)
    }
    let nested = directory + "/" + split
    if FileSystem.exists(nested + "/labels.csv") {
      var dataset = try load(directory: nested, split: split)
      dataset.directory = nested
      return dataset
    }
    throw .badFile(
      path: directory,
      reason: "no data set split '\(split)': expected \(split)_clips.u8 + \(split)_labels.u8"
        + " (Gesture-9) or labels.csv with clip folders (docs/DATA.md)")
  }

  /// The splits a data set folder offers.
  public static func splits(directory: String) throws(CaptureError) -> [String] {
    var found: [String] = []
    for name in try FileSystem.list(directory) where name.hasSuffix("_clips.u8") {
      found.append(String(name.dropLast("_clips.u8".count)))
    }
    if !found.isEmpty { return found }
    let labelsPath = directory + "/labels.csv"
    if FileSystem.exists(labelsPath) {
      let table = try CSVTable.parse(
        FileSystem.readFile(labelsPath, limit: CSVTable.maxBytes), name: labelsPath)
      guard let column = table.column("split") else { return ["all"] }
      for row in table.rows where !found.contains(row[column]) { found.append(row[column]) }
      return found
    }
    return try FileSystem.list(directory).filter {
      FileSystem.exists(directory + "/" + $0 + "/labels.csv")
    }
  }

  /// What `meta.json` says, when present. Package-visible so the fuzz targets can drive it.
  package struct Meta {
    package var framesPerClip: Int?
    package var format: FrameFormat?
    package var classes: [String]?

    /// No `meta.json`: the layout's defaults apply.
    init() {}

    init(directory: String) throws(CaptureError) {
      let path = directory + "/meta.json"
      guard FileSystem.exists(path) else {
        self.init()
        return
      }
      try self.init(json: FileSystem.readFile(path, limit: 16 << 20), path: path)
    }

    /// Parses and checks the text of a `meta.json`; `path` names it in errors.
    package init(json bytes: [UInt8], path: String) throws(CaptureError) {
      let json: JSONValue
      do throws(JSONError) {
        json = try JSONValue.parse(bytes, limits: .init(depth: 16, arrayItems: 65536, members: 4096))
      } catch {
        throw .badFile(path: path, reason: error.description)
      }
      func size(_ key: String) throws(CaptureError) -> Int? {
        guard let value = json[key] else { return nil }
        guard let n = value.int, n >= 1, n <= PGM.maxSide else {
          throw .badFile(
            path: path, reason: "'\(key)' must be a whole number from 1 to \(PGM.maxSide)")
        }
        return n
      }
      framesPerClip = try size("T")
      let height = try size("H")
      let width = try size("W")
      if let width, let height { format = FrameFormat(width: width, height: height) }
      if let list = json["classes"] {
        guard let items = list.array, !items.isEmpty, items.count <= 65536 else {
          throw .badFile(path: path, reason: "'classes' must be a non-empty list of names")
        }
        var names: [String] = []
        for item in items {
          guard let name = item.stringValue else {
            throw .badFile(path: path, reason: "'classes' must hold strings")
          }
          if let problem = ClassName.problem(name) { throw .badFile(path: path, reason: problem) }
          names.append(name)
        }
        classes = names
      }
    }
  }

  static func loadRaw(directory: String, split: String, meta: Meta) throws(CaptureError) -> Dataset
  {
    let clipsPath = directory + "/\(split)_clips.u8"
    let labelsPath = directory + "/\(split)_labels.u8"
    let format = meta.format ?? gesture9FrameFormat
    let frames = meta.framesPerClip ?? gesture9FramesPerClip
    let classes = meta.classes ?? gesture9Classes
    let clipBytes = frames * format.byteCount
    let pixels = try FileSystem.readFile(clipsPath, limit: maxBytes)
    guard pixels.count % clipBytes == 0 else {
      throw .badFile(
        path: clipsPath,
        reason: "\(pixels.count) bytes is not a whole number of \(frames)×\(format) clips"
          + " (\(clipBytes) bytes each); check meta.json's T, H and W")
    }
    let count = pixels.count / clipBytes
    let labelBytes = try FileSystem.readFile(labelsPath, limit: count + 1)
    guard labelBytes.count == count else {
      throw .badFile(path: labelsPath, reason: "\(labelBytes.count) labels for \(count) clips")
    }
    var labels: [Int] = []
    labels.reserveCapacity(count)
    for (n, byte) in labelBytes.enumerated() {
      guard Int(byte) < classes.count else {
        throw .badFile(
          path: labelsPath,
          reason: "clip \(n) has label \(byte), but there are \(classes.count) classes")
      }
      labels.append(Int(byte))
    }
    return Dataset(
      split: split, directory: directory, layout: .gesture9Raw, frameFormat: format,
      framesPerClip: frames, pixels: pixels, labels: labels, classNames: classes,
      clipNames: (0..<count).map { "\(split)_\($0)" })
  }

  static func loadGesture9Folders(
    directory: String, split: String, table: CSVTable, meta: Meta
  ) throws(CaptureError) -> Dataset {
    let labelsPath = directory + "/labels.csv"
    guard let idColumn = table.column("clip_id"), let splitColumn = table.column("split"),
      let labelColumn = table.column("label")
    else {
      throw .badFile(
        path: labelsPath, reason: "Gesture-9 labels.csv needs clip_id, split and label columns")
    }
    let nameColumn = table.column("label_name")
    var names: [Int: String] = [:]
    var clips: [(name: String, path: String, label: Int)] = []
    for (n, row) in table.rows.enumerated() {
      guard let label = Int(row[labelColumn]), label >= 0, label < 65536 else {
        throw .badFile(
          path: labelsPath,
          reason: "row \(n + 2): label '\(TerminalText.safe(row[labelColumn]))' is not a class number")
      }
      if let nameColumn { names[label] = row[nameColumn] }
      guard row[splitColumn] == split else { continue }
      let id = row[idColumn]
      guard !id.isEmpty, !id.contains("/"), !id.hasPrefix(".") else {
        throw .badFile(path: labelsPath, reason: "row \(n + 2): '\(id)' is not a clip id")
      }
      clips.append((id, directory + "/clips/\(split)/" + id, label))
    }
    let classes: [String]
    if let known = meta.classes {
      classes = known
    } else {
      let top = (names.keys.max() ?? -1) + 1
      classes = (0..<max(top, clips.map { $0.label + 1 }.max() ?? 0)).map {
        names[$0] ?? "class\($0)"
      }
    }
    return try readClipFolders(
      clips, split: split, directory: directory, layout: .gesture9Folders, classes: classes,
      meta: meta, labelsPath: labelsPath)
  }

  static func loadClipFolders(
    directory: String, split: String, table: CSVTable, meta: Meta
  ) throws(CaptureError) -> Dataset {
    let labelsPath = directory + "/labels.csv"
    guard let clipColumn = table.column("clip"), let labelColumn = table.column("label") else {
      throw .badFile(
        path: labelsPath,
        reason:
          "labels.csv needs a 'clip,label' header (docs/DATA.md) or Gesture-9's"
          + " 'clip_id,split,label,…';"
          + " it has '\(table.header.joined(separator: ","))'")
    }
    let splitColumn = table.column("split")
    // Class names: meta.json's list, else class numbers, else the sorted distinct names of
    // every row (all splits, so train and test agree on the indices).
    let allLabels = table.rows.map { $0[labelColumn] }
    let classes: [String]
    if let known = meta.classes {
      classes = known
    } else if allLabels.allSatisfy({ Int($0) != nil }) {
      let top = allLabels.compactMap { Int($0) }.max() ?? -1
      guard top < 65536 else {
        throw .badFile(path: labelsPath, reason: "class number \(top) is too large")
      }
      classes = (0...max(top, 0)).map { String($0) }
    } else {
      classes = Array(Set(allLabels)).sorted()
    }
    var clips: [(name: String, path: String, label: Int)] = []
    for (n, row) in table.rows.enumerated() {
      if let splitColumn, row[splitColumn] != split { continue }
      let text = row[labelColumn]
      guard
        let label = classes.firstIndex(of: text)
          ?? Int(text).flatMap({ $0 >= 0 && $0 < classes.count ? $0 : nil })
      else {
        throw .badFile(
          path: labelsPath,
          reason: "row \(n + 2): label '\(TerminalText.safe(text))' is not one of the classes"
            + " \(TerminalText.safe(classes.description))")
      }
      let clip = row[clipColumn]
      guard !clip.isEmpty, !clip.hasPrefix("/"), !clip.split(separator: "/").contains("..") else {
        throw .badFile(
          path: labelsPath, reason: "row \(n + 2): '\(clip)' is not a clip folder name")
      }
      clips.append((clip, directory + "/" + clip, label))
    }
    return try readClipFolders(
      clips, split: split, directory: directory, layout: .clipFolders, classes: classes, meta: meta,
      labelsPath: labelsPath)
  }

  /// Reads every clip folder's PGM frames into one buffer; all clips must share T and size.
  static func readClipFolders(
    _ clips: [(name: String, path: String, label: Int)], split: String, directory: String,
    layout: Layout, classes: [String], meta: Meta, labelsPath: String
  ) throws(CaptureError) -> Dataset {
    guard !clips.isEmpty else {
      throw .badFile(path: labelsPath, reason: "no clips in split '\(split)'")
    }
    // Names reach JSON lines, CSV files and terminals: refuse control characters here.
    for name in classes {
      if let problem = ClassName.problem(name) { throw .badFile(path: labelsPath, reason: problem) }
    }
    var format = meta.format
    var frames = meta.framesPerClip
    var pixels: [UInt8] = []
    for clip in clips {
      guard FileSystem.isDirectory(clip.path) else { throw .fileMissing(path: clip.path) }
      let names = try FileSystem.list(clip.path).filter {
        $0.hasSuffix(".pgm") && !$0.hasPrefix(".")
      }
      if frames == nil { frames = names.count }
      guard names.count == frames, !names.isEmpty else {
        throw .badFile(
          path: clip.path, reason: "\(names.count) frames; every clip needs \(frames ?? 0)")
      }
      for name in names {
        let path = clip.path + "/" + name
        let bytes = try FileSystem.readFile(path, limit: ClipFolderSource.maxFrameFileBytes)
        let decoded = try PGM.decode(bytes, name: path)
        if format == nil { format = decoded.format }
        guard decoded.format == format else {
          throw .badFile(
            path: path,
            reason:
              "frame is \(decoded.format), the data set's are \(format.map(\.description) ?? "")")
        }
        if pixels.isEmpty {
          let total = clips.count * names.count * decoded.format.byteCount
          guard total <= maxBytes else {
            throw .badFile(
              path: directory, reason: "\(total) bytes of clips, more than \(maxBytes)")
          }
          pixels.reserveCapacity(total)
        }
        pixels.append(contentsOf: decoded.pixels)
      }
    }
    guard let format, let frames else { throw .badFile(path: labelsPath, reason: "no frames") }
    return Dataset(
      split: split, directory: directory, layout: layout, frameFormat: format,
      framesPerClip: frames, pixels: pixels, labels: clips.map(\.label), classNames: classes,
      clipNames: clips.map(\.name))
  }
}
