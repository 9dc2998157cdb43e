import Foundation
import SpikeCapture
import SpikeCore
import SpikeModel
import SpikeSystem

/// Loading shared by train, calibrate, quantize, eval and run, with each failure mapped to its
/// exit code (DESIGN §6: 66 missing input, 65 bad data).
enum ModelSupport {
  /// A model error as a CLI error.
  static func cliError(_ error: ModelError) -> CLIError {
    switch error.kind {
    case .missingFile: return .missingInput(error.description)
    case .unreadable, .writeFailed: return .failure(error.description)
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
      return (model, ModelIdentity.of(file))
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
    var clips = try clips(data, split: split)
    try checkFrames(clips, model.pipeline, data: data)
    if clips.clipCount > limit {
      clips = clips.subsample(perClass: max(1, limit / max(1, model.classNames.count)))
    }
    return (clips, split)
  }

  /// Loads split `split` of the data set in `directory` as clips.
  static func clips(_ directory: String, split: String) throws(CLIError) -> ClipSet {
    let dataset: Dataset
    do throws(CaptureError) {
      dataset = try Dataset.load(directory: directory, split: split)
    } catch {
      throw cliError(error)
    }
    guard dataset.clipCount > 0 else {
      throw .badInput("\(directory): split '\(split)' has no clips")
    }
    return ClipSet(
      pixels: dataset.pixels, labels: dataset.labels, framesPerClip: dataset.framesPerClip,
      frameBytes: dataset.frameFormat.byteCount, classNames: dataset.classNames)
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

  /// Checks a model footprint on a board: the memory map, or exit 65 with the itemised map.
  /// The model's own input size replaces the profile's: a board whose camera pipeline is set
  /// up for a smaller crop must still hold this model's input planes.
  static func fit(_ footprint: NetworkFootprint, on board: BoardProfile, input: PipelineConfig)
    throws(CLIError) -> MemoryMap
  {
    var profile = board
    profile.input.width = input.width
    profile.input.height = input.height
    profile.input.scaledHeight = max(profile.input.scaledHeight, input.height)
    do throws(BoardProfileError) {
      return try footprint.check(on: profile)
    } catch {
      var message = "the model does not fit board '\(profile.name)': \(error.description)"
      if case .exceedsLimit = error {
        message += "\n" + MemoryMap(network: footprint, profile: profile).description
      }
      throw .badInput(message)
    }
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
