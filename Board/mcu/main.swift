import CSpikeMCU
import SpikeCore

// The integer classifier on a Cortex-M4 with no operating system: the int8 model file and a few
// clips are constants in flash (tools/build-mcu.sh links them in), the model is read with the
// board program's reader, and every decision is printed through semihosting as the board
// program prints it, so the host can compare the lines bit for bit.

/// Frames per baked clip (Gesture-9's).
let clipFrames = 16

func classifyBakedClips() throws(BoardError) {
  var modelCount = 0
  let model = UnsafeRawBufferPointer(start: spikecam_mcu_model(&modelCount), count: modelCount)
  var classifier = try BoardModel(SafetensorsImage(model, file: "model"))
  var clipCount = 0
  let clips = UnsafeRawBufferPointer(start: spikecam_mcu_clips(&clipCount), count: clipCount)
  let frameBytes = classifier.config.pixels
  guard clipCount % (frameBytes * clipFrames) == 0 else {
    throw BoardError(BoardError.badInput, "clips: not whole clips of \(clipFrames) frames")
  }
  let frames = clips.assumingMemoryBound(to: UInt8.self)
  for frame in 0..<clipCount / frameBytes {
    let inClip = frame % clipFrames
    if inClip == 0 { classifier.pipeline.reset() }
    let pixels = UnsafeBufferPointer(rebasing: frames[frame * frameBytes..<(frame + 1) * frameBytes])
    if let decision = classifier.pipeline.push(pixels, learn: false) {
      print(
        DecisionLine.text(
          clip: frame / clipFrames, frame: inClip, decision: decision,
          label: classifier.classNames[decision.classIndex]))
    }
  }
}

@_cdecl("spikecam_mcu_main")
func mcuMain() -> Int32 {
  do throws(BoardError) {
    try classifyBakedClips()
  } catch {
    print("Error: \(error.message)")
    return 1
  }
  spikecam_mcu_report()
  return 0
}
