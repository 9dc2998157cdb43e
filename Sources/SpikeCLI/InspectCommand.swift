import Foundation
import SpikeCore
import SpikeModel
import SpikeSystem

extension Commands {
  /// `spikecam inspect MODEL [--json]`: header summary, tensor table, checksum verification.
  ///
  /// Any safetensors file is listed; a SpikeCam model is also fully loaded, so a file the runtime
  /// would refuse is refused here with the same reason (exit 65; a missing file exits 66).
  static func inspectRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    guard let path = arguments.positionals.first else {
      throw .usage("missing <MODEL>")
    }
    let profile = try arguments.value("board").map { (p: String) throws(CLIError) in
      try ModelSupport.board(p)
    }
    let trust = try ModelSupport.trust(arguments, board: profile)
    let file: SafetensorsFile
    var classifier: ClassifierModelFile.Model?
    var attention: (kind: String, config: AttentionConfig)?
    do throws(ModelError) {
      file = try SafetensorsFile.read(path: path)
      try trust.check(file)
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
      throw ModelSupport.cliError(error)
    }
    if arguments.flag("tuning") {
      guard let classifier else {
        throw .badInput("\(path): --tuning needs a full classifier model (`spikecam train`/`quantize`)")
      }
      var settings = MotionTuning.Settings()
      settings.speed = try arguments.integer("speed", default: settings.speed, in: 1...32)
      settings.period = try arguments.integer("period", default: settings.period, in: 2...256)
      let report = try TuningReport.measure(classifier, path: path, settings: settings)
      console.out(arguments.flag("json") ? report.json : report.text)
      return
    }
    if let folder = arguments.value("pictures") {
      guard let classifier else {
        throw .badInput("\(path): --pictures needs a full classifier model (`spikecam train`/`quantize`)")
      }
      let written = try NetworkPictures(model: classifier, path: path, folder: folder).run(arguments)
      console.out(written.joined(separator: "\n") + "\n")
      return
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
    // The same mapped bytes that were parsed and verified, hashed as sha256sum would.
    report.sha256 = Hex.encode(SHA256.digest(file.storage.bytes))
    report.trusted = trust.isRequired
    if let profile, let boardPath = arguments.value("board") {
      guard let classifier else {
        throw .badInput(
          "\(path): a memory map needs a full classifier model (`spikecam train`/`quantize`)")
      }
      report.memoryMap = try ModelSupport.fit(
        classifier.footprint, on: profile, input: classifier.pipeline, boardPath: boardPath)
    }
    console.out(arguments.flag("json") ? report.json : TerminalText.safe(lines: report.text))
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
  /// Whether trusted keys were configured (so the signer was checked against them).
  var trusted = false

  var totalBytes: Int { file.storage.bytes.count }
  var parameterCount: Int { file.tensors.reduce(0) { $0 + $1.count } }
  var checksum: String {
    file.metadata[SafetensorsLayout.checksumKey].map { "crc32 \($0) verified" }
      ?? "absent (unverified)"
  }

  /// The format-2 digest verified while parsing.
  var digest: String {
    file.verifiedDigest.map { "sha256 \($0) verified (whole file)" }
      ?? "absent (format 1: only the tensor bytes' CRC32 is checked)"
  }

  var signature: String {
    guard let signer = file.signer else { return "none" }
    return "\(signer) verified" + (trusted ? ", trusted" : " (no trusted keys given)")
  }

  var text: String {
    var t = "file:        \(path) (\(totalBytes) bytes, header \(file.headerBytes))\n"
    if let model {
      t += "model:       SpikeCam \(model.title), \(model.kind)"
      if let bits = file.metadata[AttentionModelFile.activationBitsKey] {
        t += " (\(TerminalText.safe(bits))-bit activations)"
      }
      t += ", format version \(file.metadata["format_version"] ?? "?")\n"
      if let head = model.head { t += "head:        \(head)\n" }
      t += "board:       \(file.metadata["board"] ?? "unspecified")\n"
      t += "config:      \(model.config.summary)\n"
    } else {
      t += "model:       not a SpikeCam model (no __metadata__.format); tensors listed only\n"
    }
    t += "checksum:    \(checksum)\n"
    t += "digest:      \(digest)\n"
    t += "signature:   \(signature)\n"
    if let sha256 { t += "sha256:      \(sha256) (whole file, as sha256sum prints it)\n" }
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
        + info.dtype.name.padding(toLength: 7, withPad: " ", startingAt: 0)
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
    var checksum = JSONObject()
    checksum.add("present", file.hasChecksum)
    checksum.add("verified", file.hasChecksum)
    checksum.add("crc32", file.metadata[SafetensorsLayout.checksumKey] ?? "")
    checksum.add("sha256", sha256 ?? "")
    checksum.add("digest", file.verifiedDigest ?? "")
    checksum.add("signed_by", file.signer?.description ?? "")
    checksum.add("trusted", trusted && file.signer != nil)
    var metadata = JSONObject()
    for key in file.metadata.keys.sorted() { metadata.add(key, file.metadata[key]!) }
    let tensors = file.tensors.map { t -> String in
      var o = JSONObject()
      o.add("bytes", t.range.count)
      o.add("dtype", t.dtype.name)
      o.add("name", t.name)
      o.add("offset", t.range.lowerBound)
      o.add("shape", json: JSON.array(t.shape.map(String.init)))
      return o.json
    }
    var object = JSONObject()
    object.add("bytes", totalBytes)
    object.add("checksum", json: checksum.json)
    if let model {
      let sizes = model.config.summaryJSON.sorted { $0.key < $1.key }
      object.add("config", json: JSONObject.of(sizes.map { ($0.key, $0.value) }))
    }
    object.add("file", path)
    if let head = model?.head { object.add("head", head) }
    object.add("header_bytes", file.headerBytes)
    if let model { object.add("kind", model.kind) }
    if let memoryMap {
      var map = JSONObject()
      map.add("board", memoryMap.board)
      map.add("host_budget", memoryMap.hostBudget)
      map.add("host_bytes", memoryMap.hostBytes)
      map.add("items", json: JSON.array(memoryMap.items.map { item in
        var o = JSONObject()
        o.add("bytes", item.bytes)
        o.add("detail", item.detail)
        o.add("name", item.name)
        o.add("place", item.place.rawValue)
        return o.json
      }))
      object.add("memory_map", json: map.json)
    }
    object.add("metadata", json: metadata.json)
    object.add("tensors", json: JSON.array(tensors))
    object.add("values", parameterCount)
    return object.json + "\n"
  }
}
