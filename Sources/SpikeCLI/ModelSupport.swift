import Foundation
import SpikeCapture
import SpikeCore
import SpikeModel
import SpikeSystem

/// Loading shared by train, calibrate, quantize, eval and run, with each failure mapped to its
/// exit code (66 missing input, 65 bad data).
enum ModelSupport {
  /// A model error as a CLI error.
  static func cliError(_ error: ModelError) -> CLIError {
    switch error.kind {
    case .missingFile: return .missingInput(error.description)
    case .unreadable, .writeFailed: return .failure(error.description)
    case .missingLibrary: return .unavailable(error.description)
    default: return .badInput(error.description)  // also unsigned, untrusted, bad signature
    }
  }

  /// A capture or data set error as a CLI error.
  static func cliError(_ error: CaptureError) -> CLIError {
    switch error {
    case .fileMissing: return .missingInput(error.description)
    case .badFile: return .badInput(error.description)
    case .noSuchDevice: return .missingInput(error.description)
    case .deviceBusy, .permissionDenied, .deviceVanished, .frameTimeout:
      return .unavailable(error.description)
    default: return .badInput(error.description)
    }
  }

  /// A stream that stopped early: its clip failed, or its camera was lost for good (exit 74).
  static func cliError(_ error: StreamError) -> CLIError {
    switch error {
    case .capture(let error): cliError(error)
    case .gaveUp(let gaveUp): .deviceLost(gaveUp.description)
    }
  }

  /// Reads a classifier model file of any head and either kind: digest and signature checked,
  /// refused unless `trust`'s keys vouch for it (when it has keys), a note on stderr for a
  /// format-1 file without a whole-file digest.
  static func model(_ path: String, trust: ModelTrust = ModelTrust(), console: Console? = nil)
    throws(CLIError) -> ClassifierModelFile.Model
  {
    try identifiedModel(path, trust: trust, console: console).model
  }

  /// `model`, and the id the model goes by (`ModelIdentity`).
  static func identifiedModel(
    _ path: String, trust: ModelTrust = ModelTrust(), console: Console? = nil
  ) throws(CLIError) -> (model: ClassifierModelFile.Model, id: String) {
    do throws(ModelError) {
      let file = try SafetensorsFile.read(path: path)
      try trust.check(file)
      let model = try ClassifierModelFile.read(file)
      if let note = file.integrityNote { console?.err("note: " + TerminalText.safe(note) + "\n") }
      return (model, ModelIdentity.of(file.layout))
    } catch {
      throw cliError(error)
    }
  }

  /// Reads a small input file (a config, a ranges file) that cannot hang or flood: a regular
  /// file of at most 16 MiB. `missing` says what to do when there is none.
  static func readSmallFile(_ path: String, what missing: String) throws(CLIError) -> [UInt8] {
    do throws(FileError) {
      return try InputFile.read(path, limit: 16 << 20)
    } catch {
      if case .missing = error.kind { throw .missingInput("\(path): \(missing)") }
      throw .badInput(error.description)
    }
  }

  /// The keys a command trusts: `--trusted-keys FILE` and the board profile's `trusted_keys`.
  static func trust(_ arguments: ParsedArguments, board: BoardProfile? = nil) throws(CLIError)
    -> ModelTrust
  {
    var keys = board?.signers ?? []
    if let path = arguments.value("trusted-keys") {
      do throws(ModelError) {
        keys += try ModelTrust.load(path: path)
      } catch {
        throw cliError(error)
      }
    }
    return ModelTrust(keys: keys)
  }

  /// The float model named by `--model`, with its path for messages.
  static func floatModel(_ arguments: ParsedArguments) throws(CLIError)
    -> (path: String, model: any AnyFloatClassifierModel)
  {
    let path = try arguments.required("model")
    return (path, try floatModel(path))
  }

  /// Reads a float classifier model of any head, refusing an integer one.
  static func floatModel(_ path: String, trust: ModelTrust = ModelTrust()) throws(CLIError)
    -> any AnyFloatClassifierModel
  {
    guard case .float(let m) = try model(path, trust: trust) else {
      throw .badInput("\(path): is an int8 model; give the float model that `spikecam train` wrote")
    }
    return m
  }

  /// Calibration clips of `split` (default: train, else the first split), about `limit` of
  /// them balanced by class, checked against the front end.
  static func calibrationClips(
    _ data: String, split requested: String?, limit: Int, for model: any AnyClassifierModel
  ) throws(CLIError) -> (clips: ClipSet, split: String) {
    let splits = splits(data)
    let split = requested ?? (splits.contains("train") ? "train" : splits.first ?? "train")
    var clips = try clips(data, split: split, for: model.pipeline)
    try checkFrames(clips, model.pipeline, data: data)
    if clips.clipCount > limit {
      clips = clips.subsample(perClass: max(1, limit / max(1, model.classNames.count)))
    }
    return (clips, split)
  }

  /// Loads split `split` of the data set in `directory` as clips for a model whose front end is
  /// `input`: frames larger than its input are area-downscaled to it (`downscaled`), frames of
  /// any other size are refused by `checkFrames`.
  static func clips(_ directory: String, split: String, for input: PipelineConfig)
    throws(CLIError) -> ClipSet
  {
    let dataset: Dataset
    do throws(CaptureError) {
      dataset = try Dataset.load(directory: directory, split: split)
    } catch {
      throw cliError(error)
    }
    guard dataset.clipCount > 0 else {
      throw .badInput("\(directory): split '\(split)' has no clips")
    }
    let output = FrameFormat(width: input.width, height: input.height)
    guard dataset.frameFormat != output, dataset.frameFormat.width >= output.width,
      dataset.frameFormat.height >= output.height
    else {
      return ClipSet(
        pixels: dataset.pixels, labels: dataset.labels, framesPerClip: dataset.framesPerClip,
        frameBytes: dataset.frameFormat.byteCount, classNames: dataset.classNames)
    }
    return ClipSet(
      pixels: downscaled(dataset.pixels, from: dataset.frameFormat, to: output),
      labels: dataset.labels, framesPerClip: dataset.framesPerClip,
      frameBytes: output.byteCount, classNames: dataset.classNames)
  }

  /// Frames of `input` size, back to back, each area-averaged down to `output`, the way `run`
  /// makes a model's input from a camera frame. A data set's frames are the centre crop of
  /// Gesture-9's recipe (a 640×480 frame scaled to 96 rows, 64×64 kept), and `run` gives a
  /// model of side s the centre s×s of the frame scaled to 3s/2 rows: the same square of the
  /// scene. So a 64×64 frame averaged down to s×s is what a camera would show that model.
  static func downscaled(_ frames: [UInt8], from input: FrameFormat, to output: FrameFormat)
    -> [UInt8]
  {
    let scale = Preprocess(output: output, scaledHeight: output.height)
    let count = frames.count / input.byteCount
    var pixels = [UInt8](repeating: 0, count: count * output.byteCount)
    frames.withUnsafeBufferPointer { all in
      pixels.withUnsafeMutableBufferPointer { out in
        for f in 0..<count {
          scale.apply(
            UnsafeBufferPointer(rebasing: all[f * input.byteCount..<(f + 1) * input.byteCount]),
            format: input,
            into: UnsafeMutableBufferPointer(
              rebasing: out[f * output.byteCount..<(f + 1) * output.byteCount]))
        }
      }
    }
    return pixels
  }

  /// The splits of a data set folder (empty when it cannot be listed).
  static func splits(_ directory: String) -> [String] {
    (try? Dataset.splits(directory: directory)) ?? []
  }

  /// Loads a board profile.
  static func board(_ path: String) throws(CLIError) -> BoardProfile {
    do throws(BoardProfileError) {
      return try BoardProfile.load(path: path)
    } catch {
      if case .unreadable = error, !InputFile.exists(path) {
        throw .missingInput(error.description)
      }
      throw .badInput(error.description)
    }
  }

  /// Checks a model footprint on a board: the memory map, or exit 65 with the itemised map,
  /// what to change, and which of the other boards beside it the model fits.
  /// The model's own input size replaces the profile's: a board whose camera pipeline is set
  /// up for a smaller crop must still hold this model's input planes.
  static func fit(
    _ footprint: NetworkFootprint, on board: BoardProfile, input: PipelineConfig,
    boardPath: String
  ) throws(CLIError) -> MemoryMap {
    do throws(BoardProfileError) {
      return try footprint.check(on: withInput(board, input))
    } catch {
      var message = "the model does not fit board '\(board.name)': \(error.description)"
      if case .exceedsLimit(_, let field, _, _, _) = error, let hint = remedies[field] {
        message += "\nto fit it, train with \(hint)"
      }
      message += "\n" + fitSummary(footprint, input: input, boardPath: boardPath)
      if case .exceedsLimit = error {
        message += "\n" + MemoryMap(network: footprint, profile: withInput(board, input)).description
      }
      throw .badInput(message)
    }
  }

  /// The training config keys (`train --config`) that shrink what a board limit counts.
  static let remedies: [String: String] = [
    "limits.max_inputs":
      "a smaller input (key `input`) or fewer channels per pixel (`delay_line: false` halves "
      + "them; the rate and ttfs encoders have one)",
    "limits.max_neurons_per_layer": "fewer columns (a larger `stride`) or a smaller `per_column`",
    "limits.max_neurons_total": "fewer columns (a larger `stride`) or a smaller `per_column`",
    "limits.max_fan_in": "a smaller `patch` or fewer channels per pixel",
    "limits.max_attention_width": "a smaller `width`",
    "limits.max_heads": "fewer `heads`",
    "limits.max_mlp_width": "a smaller `hidden`",
  ]

  /// `board` with the model's input in place of the profile's.
  static func withInput(_ board: BoardProfile, _ input: PipelineConfig) -> BoardProfile {
    var profile = board
    profile.input.width = input.width
    profile.input.height = input.height
    profile.input.scaledHeight = max(profile.input.scaledHeight, input.height)
    return profile
  }

  /// One line per board profile in the folder of `boardPath`: whether the model fits it, and
  /// the first limit it exceeds or its host memory when it fits.
  static func fitSummary(_ footprint: NetworkFootprint, input: PipelineConfig, boardPath: String)
    -> String
  {
    let folder = (boardPath as NSString).deletingLastPathComponent
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
    var lines = ["this model on the boards in \(folder.isEmpty ? "." : folder)/:"]
    for name in names.sorted() where name.hasSuffix(".json") {
      let path = (folder as NSString).appendingPathComponent(name)
      guard let board = try? BoardProfile.load(path: path) else { continue }
      let line = "  " + board.name.padding(toLength: 13, withPad: " ", startingAt: 0)
      do throws(BoardProfileError) {
        let map = try footprint.check(on: withInput(board, input))
        lines.append(line + "fits: \(map.hostBytes) of \(map.hostBudget) bytes of host memory")
      } catch {
        switch error {
        case .exceedsLimit(_, let field, let value, let limit, let what):
          lines.append(line + "does not fit: \(what) is \(value), '\(field)' is \(limit)")
        case .doesNotFit(_, let needed, let available, let unit, _):
          lines.append(line + "does not fit: needs \(needed) \(unit), has \(available)")
        default:
          lines.append(line + "does not fit: \(error.description)")
        }
      }
    }
    return lines.joined(separator: "\n")
  }

  /// The input size a model's front end needs, checked against the data.
  static func checkFrames(_ clips: ClipSet, _ p: PipelineConfig, data: String) throws(CLIError) {
    if let mismatch = clips.mismatch(p) { throw .badInput("\(data): \(mismatch)") }
  }
}

/// A progress line on stderr with rate and ETA, redrawn in place on a terminal and printed
/// every few seconds otherwise.
final class ProgressLine {
  let console: Console
  private var stage = ""
  private var started = Date()
  private var firstDone = 0
  private var lastPrint = Date.distantPast
  private let interactive = isatty(2) == 1

  init(console: Console) { self.console = console }

  func report(_ stage: String, _ done: Int, _ total: Int, _ note: String) {
    let now = Date()
    if stage != self.stage {
      if !self.stage.isEmpty && interactive { console.err("\n") }
      self.stage = stage
      started = now
      firstDone = done
      lastPrint = .distantPast
    }
    let finished = done >= total
    guard finished || now.timeIntervalSince(lastPrint) >= (interactive ? 0.2 : 5) else { return }
    lastPrint = now
    let elapsed = max(now.timeIntervalSince(started), 1e-3)
    let rate = Double(done - firstDone) / elapsed
    let eta = rate > 0 ? Double(total - done) / rate : 0
    let percent = total > 0 ? 100 * done / total : 100
    var line = String(
      format: "%@ %d/%d (%d%%) %.1f/s ETA %@", stage, done, total, percent, rate,
      Self.duration(eta))
    if !note.isEmpty { line += " " + note }
    console.err(interactive ? "\r\u{1B}[K" + line + (finished ? "\n" : "") : line + "\n")
    if finished && interactive { self.stage = "" }
  }

  static func duration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
  }
}
