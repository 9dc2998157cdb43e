import Foundation
import SpikeCore
import SpikeModel

extension Commands {
  /// `spikecam inspect MODEL [--json]`: header summary, tensor table, checksum verification.
  ///
  /// Any safetensors file is listed; a SpikeCam model is also fully loaded, so a file the runtime
  /// would refuse is refused here with the same reason (exit 65; a missing file exits 66).
  static let inspectRun: @Sendable (ParsedArguments, Console) throws(CLIError) -> Void = {
    arguments, console throws(CLIError) in
    guard let path = arguments.positionals.first else {
      throw .usage("missing <MODEL>")
    }
    let file: SafetensorsFile
    var classifier: ClassifierModelFile.Model?
    var attention: (kind: String, config: AttentionConfig)?
    do throws(ModelError) {
      file = try SafetensorsFile.read(path: path)
      if ClassifierModelFile.isClassifier(file) {
        classifier = try ClassifierModelFile.read(file)
      } else if file.metadata["format"] == AttentionModelFile.format {
        attention = try AttentionModelFile.header(file)
        // Load completely: dtypes, shapes and multiplier ranges are checked as the runtime would.
        if attention?.kind == "float" {
          _ = try AttentionModelFile.readFloat(file)
        } else {
          _ = try AttentionModelFile.readQuantized(file)
        }
      }
    } catch {
      if error.kind == .missingFile { throw .missingInput(error.description) }
      if error.kind == .unreadable { throw .failure(error.description) }
      throw .badInput(error.description)
    }
    var report = InspectReport(file: file, path: path)
    if let model = classifier?.model {
      report.model = (
        "classifier (spiking front end + \(model.headTitle))", model.kind, model.headName,
        model.headConfig
      )
    } else if let attention {
      report.model = ("attention head", attention.kind, nil, attention.config)
    }
    report.sha256 = FileManager.default.contents(atPath: path).map { SHA256.hex([UInt8]($0)) }
    if let boardPath = arguments.value("board") {
      guard let classifier else {
        throw .badInput(
          "\(path): a memory map needs a full classifier model (`spikecam train`/`quantize`)")
      }
      report.memoryMap = try ModelSupport.fit(
        classifier.footprint, on: ModelSupport.board(boardPath), input: classifier.pipeline,
        boardPath: boardPath)
    }
    console.out(arguments.flag("json") ? report.json : report.text)
  }
}

/// What `inspect` prints, as text or JSON.
struct InspectReport {
  var file: SafetensorsFile
  var path: String
  /// What the file holds, for a SpikeCam model: a description, `float` or `int8`, the head of
  /// a classifier and the head's sizes.
  var model: (title: String, kind: String, head: String?, config: any HeadConfig)?
  var memoryMap: MemoryMap?
  /// SHA-256 of the whole file, to compare with a published digest (`sha256sum`).
  var sha256: String?

  var totalBytes: Int { 8 + file.headerBytes + file.data.count }
  var parameterCount: Int { file.tensors.reduce(0) { $0 + $1.count } }
  var checksum: String {
    file.metadata[SafetensorsFile.checksumKey].map { "crc32 \($0) verified" }
      ?? "absent (unverified)"
  }

  var text: String {
    var t = "file:        \(path) (\(totalBytes) bytes, header \(file.headerBytes))\n"
    if let model {
      t += "model:       SpikeCam \(model.title), \(model.kind), format version "
      t += "\(file.metadata["format_version"] ?? "?")\n"
      if let head = model.head { t += "head:        \(head)\n" }
      t += "board:       \(file.metadata["board"] ?? "unspecified")\n"
      t += "config:      \(model.config.summary)\n"
    } else {
      t += "model:       not a SpikeCam model (no __metadata__.format); tensors listed only\n"
    }
    t += "checksum:    \(checksum)\n"
    if let sha256 { t += "sha256:      \(sha256) (whole file)\n" }
    t +=
      "tensors:     \(file.tensors.count), \(parameterCount) values, \(file.data.count) bytes\n\n"
    let width = max(24, (file.tensors.map(\.name.count).max() ?? 0) + 2)
    t +=
      "name".padding(toLength: width, withPad: " ", startingAt: 0)
      + "dtype  shape            bytes\n"
    for info in file.tensors {
      let shape = "[" + info.shape.map(String.init).joined(separator: ", ") + "]"
      t +=
        info.name.padding(toLength: width, withPad: " ", startingAt: 0)
        + info.dtype.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
        + shape.padding(toLength: 17, withPad: " ", startingAt: 0) + "\(info.range.count)\n"
    }
    if let pipeline = file.metadata["pipeline"] { t += "\npipeline:    \(pipeline)\n" }
    if let network = file.metadata["network"] { t += "network:     \(network)\n" }
    if let adapted = file.metadata[ClassifierModelFile.adaptationKey] {
      t += "adapted:     on a device (spikecam run --learn): \(adapted)\n"
    }
    if let memoryMap {
      t += "\n" + memoryMap.description + (memoryMap.description.hasSuffix("\n") ? "" : "\n")
    }
    return t
  }

  var json: String {
    var object: [String: Any] = [
      "file": path, "bytes": totalBytes, "header_bytes": file.headerBytes,
      "checksum": [
        "present": file.hasChecksum, "verified": file.hasChecksum,
        "crc32": file.metadata[SafetensorsFile.checksumKey] ?? "",
        "sha256": sha256 ?? "",
      ] as [String: Any],
      "metadata": file.metadata, "values": parameterCount,
      "tensors": file.tensors.map {
        [
          "name": $0.name, "dtype": $0.dtype.rawValue, "shape": $0.shape,
          "offset": $0.range.lowerBound, "bytes": $0.range.count,
        ] as [String: Any]
      },
    ]
    if let memoryMap {
      object["memory_map"] = [
        "board": memoryMap.board, "host_bytes": memoryMap.hostBytes,
        "host_budget": memoryMap.hostBudget,
        "items": memoryMap.items.map {
          ["name": $0.name, "bytes": $0.bytes, "place": $0.place.rawValue, "detail": $0.detail]
            as [String: Any]
        },
      ] as [String: Any]
    }
    if let model {
      object["kind"] = model.kind
      object["head"] = model.head
      object["config"] = model.config.summaryJSON
    }
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
