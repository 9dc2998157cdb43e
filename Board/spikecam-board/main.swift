import CSpikeBoard
import SpikeCore

// spikecam-board: the integer classifier on a Linux board, Embedded Swift plus C. Reads an int8
// model file and raw clips and prints one JSON line per decision (DecisionLine).

/// Prints `Error: …` on stderr and exits with the error's code.
func fail(_ error: BoardError) -> Never {
  let text = "Error: \(error.message)\n"
  var copy = text
  copy.withUTF8 { _ = spikecam_board_write_all(2, $0.baseAddress, $0.count) }
  exit(error.code)
}

func run(_ o: BoardOptions) throws(BoardError) {
  let bytes = try ModelFile.read(o.model)
  // withUnsafeBytes rethrows untyped errors; Result keeps the typed one.
  var model = try bytes.withUnsafeBytes { raw in
    Result { () throws(BoardError) in try BoardModel(SafetensorsImage(raw, file: o.model)) }
  }.get()
  var clips = try RawClipFile(path: o.clips, frameBytes: model.config.pixels)
  defer { clips.close() }
  if let n = o.clipFrames, clips.frameCount % n != 0 {
    throw BoardError(
      BoardError.badInput,
      "\(o.clips): \(clips.frameCount) frames is not a whole number of \(n)-frame clips")
  }
  var frames = 0
  var decisions = 0
  passes: for pass in 0..<o.repeats {
    if pass > 0 { try clips.rewind() }
    var index = 0
    while try clips.next() {
      // SIGINT/SIGTERM end the run between frames: every printed line is whole, exit 0.
      if spikecam_stop_cause() != 0 { break passes }
      frames += 1
      // Each clip (or the whole file as a stream) starts from rest.
      let frameInClip = o.clipFrames.map { index % $0 } ?? index
      if frameInClip == 0 { model.pipeline.reset() }
      let decision = clips.frame.withUnsafeBufferPointer { model.pipeline.push($0, learn: false) }
      if let decision {
        decisions += 1
        print(
          DecisionLine.text(
            clip: o.clipFrames.map { index / $0 }, frame: frameInClip, decision: decision,
            label: model.classNames[decision.classIndex]))
      }
      index += 1
    }
  }
  if spikecam_stop_cause() != 0 {
    let text = "\(frames) frames, \(decisions) decisions (stopped by signal)\n"
    var copy = text
    copy.withUTF8 { _ = spikecam_board_write_all(2, $0.baseAddress, $0.count) }
  }
}

/// The C entry point: Embedded Swift has no `CommandLine`, so the arguments come from argv.
@_cdecl("main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  // Installed before any file is opened, as `spikecam run` does: a service manager's SIGTERM
  // ends the program cleanly at any moment.
  spikecam_stop_install_handlers()
  var arguments: [String] = []
  for i in 1..<Int(argc) { arguments.append(String(cString: argv[i]!)) }
  do throws(BoardError) {
    guard let options = try BoardOptions.parse(arguments) else {
      print(BoardOptions.usage)
      return 0
    }
    try run(options)
  } catch {
    if error.code == BoardError.usage {
      fail(BoardError(error.code, "\(error.message)\n\(BoardOptions.usage)"))
    }
    fail(error)
  }
  return 0
}
