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
    var config: AttentionConfig?
    var kind: String?
    var classifier: ClassifierModelFile.Model?
    var populationConfig: PopulationHeadConfig?
    do throws(ModelError) {
      file = try SafetensorsFile.read(path: path)
      if ClassifierModelFile.isClassifier(file) {
        classifier = try ClassifierModelFile.read(file)
        if classifier?.head == PopulationModelFile.head {
          let header = try PopulationModelFile.header(file)
          kind = header.kind
          populationConfig = header.config
        } else {
          let header = try AttentionModelFile.header(file)
          kind = header.kind
          config = header.config
        }
      } else if file.metadata["format"] == AttentionModelFile.format {
        let header = try AttentionModelFile.header(file)
        kind = header.kind
        config = header.config
        // Load completely: dtypes, shapes and multiplier ranges are checked as the runtime would.
        if header.kind == "float" {
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
    var report = InspectReport(file: file, path: path, kind: kind, config: config)
    report.sha256 = FileManager.default.contents(atPath: path).map { SHA256.hex([UInt8]($0)) }
    report.population = populationConfig
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
  var kind: String?
  var config: AttentionConfig?
  var memoryMap: MemoryMap?
  /// SHA-256 of the whole file, to compare with a published digest (`sha256sum`).
  var sha256: String?
  /// The R-STDP head's sizes, for a `head: rstdp` classifier.
  var population: PopulationHeadConfig?

  var totalBytes: Int { 8 + file.headerBytes + file.data.count }
  var parameterCount: Int { file.tensors.reduce(0) { $0 + $1.count } }
  var checksum: String {
    file.metadata[SafetensorsFile.checksumKey].map { "crc32 \($0) verified" }
      ?? "absent (unverified)"
  }

  var text: String {
    var t = "file:        \(path) (\(totalBytes) bytes, header \(file.headerBytes))\n"
    if let kind, let c = population {
      t += "model:       SpikeCam classifier (spiking front end + R-STDP class populations), "
      t += "\(kind), format version \(file.metadata["format_version"] ?? "?")\n"
      t += "head:        rstdp\n"
      t += "board:       \(file.metadata["board"] ?? "unspecified")\n"
      t +=
        "config:      K=\(c.tokens) F=\(c.features) classes=\(c.classes) "
        + "per_class=\(c.perClass) substeps=\(c.substeps) dI=\(c.currentDecay) "
        + "dV=\(c.voltageDecay)\n"
    } else if let kind, let config {
      t +=
        "model:       SpikeCam "
        + (file.metadata["format"] == ClassifierModelFile.format
          ? "classifier (spiking front end + attention head)" : "attention head")
        + ", \(kind), format version "
        + "\(file.metadata["format_version"] ?? "?")\n"
      if file.metadata["format"] == ClassifierModelFile.format { t += "head:        attention\n" }
      t += "board:       \(file.metadata["board"] ?? "unspecified")\n"
      t +=
        "config:      K=\(config.tokens) F=\(config.features) d=\(config.width) "
        + "heads=\(config.heads) hidden=\(config.hidden) classes=\(config.classes)\n"
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
    if let kind, let c = population {
      object["kind"] = kind
      object["head"] = PopulationModelFile.head
      object["config"] = [
        "tokens": c.tokens, "features": c.features, "classes": c.classes,
        "per_class": c.perClass, "substeps": c.substeps, "current_decay": c.currentDecay,
        "voltage_decay": c.voltageDecay,
      ]
    }
    if let kind, let config {
      if file.metadata["format"] == ClassifierModelFile.format { object["head"] = "attention" }
      object["kind"] = kind
      object["config"] = [
        "tokens": config.tokens, "features": config.features, "width": config.width,
        "heads": config.heads, "hidden": config.hidden, "classes": config.classes,
      ]
    }
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
