import SpikeCapture
import SpikeCore
import SpikeModel

#if canImport(Glibc)
  import Glibc
#endif

/// `spikecam-bench pipeline`: an MJPEG clip → class, end to end on one core, the work
/// `spikecam run --clip` does per frame: libjpeg decode with DCT scaling, area downscale and
/// centre crop, frame-difference encoding, the spiking columns, the feature ring and the int8
/// attention head. Times the decode alone too, so the network's share is visible.
enum PipelineWorkload {
  static func main(_ o: BenchOptions) -> Int32 {
    guard let frames = o.integers["frames"], frames >= 100,
      let modelPath = o.strings["model"], let clipPath = o.strings["clip"]
    else { return o.refuse("--frames must be at least 100") }
    let model: BenchInputs.Model
    do throws(BenchExit) { model = try BenchInputs.int8Model(modelPath) } catch { return error.code }
    // With --learn: on-device learning on every frame at the default rate (`run --learn`).
    let learn = o.flags.contains("learn")
    let learning = OnDeviceLearning()
    guard
      var pipeline = try? (learn ? model.makeLearningPipeline(learning) : model.makePipeline())
    else {
      BenchIO.err("Error: \(modelPath): the model does not build a pipeline\n")
      return 65
    }
    var source: MJPEGFileSource
    do throws(BenchExit) { source = try BenchInputs.loopedClip(clipPath) } catch { return error.code }
    var frame = [UInt8](repeating: 0, count: source.format.byteCount)

    // Decode + preprocess alone, then the whole path, over the same frames.
    func pass(classify: Bool) -> (wall: Double, cpu: Double, decisions: Int, digest: UInt32) {
      var decisions = 0
      var digest: UInt32 = 2_166_136_261  // FNV-1a over (class, score) of every decision
      let wall0 = BenchIO.wallSeconds()
      let cpu0 = BenchIO.cpuSeconds()
      frame.withUnsafeMutableBufferPointer { out in
        for _ in 0..<frames {
          guard (try? source.nextFrame(into: out)) != nil else { break }
          guard classify, let d = pipeline.push(UnsafeBufferPointer(out), learn: learn) else {
            continue
          }
          decisions += 1
          for byte in [UInt8(truncatingIfNeeded: d.classIndex), UInt8(truncatingIfNeeded: d.score)] {
            digest = (digest ^ UInt32(byte)) &* 16_777_619
          }
        }
      }
      return (BenchIO.wallSeconds() - wall0, BenchIO.cpuSeconds() - cpu0, decisions, digest)
    }
    _ = pass(classify: false)  // warm-up: page in the clip, warm the decoder
    let decode = pass(classify: false)
    pipeline.reset()
    if learn {
      try? pipeline.extractor.setThetaAdaptation(model.frontEnd.pipeline.trainingThetaAdaptation)
    }
    let full = pass(classify: true)
    let fps = Double(frames) / full.cpu
    let decodeShare = decode.cpu / full.cpu
    let rss = BenchIO.peakRSSMiB()
    let skipped = source.skippedFrames
    if o.flags.contains("json") {
      print(
        "{\"workload\":\"pipeline\",\"learn\":\(learn),\"frames\":\(frames),\"decisions\":\(full.decisions),"
          + "\"fps_cpu\":\(Int(fps)),\"fps_wall\":\(Int(Double(frames) / full.wall)),"
          + "\"us_per_frame_cpu\":\(full.cpu / Double(frames) * 1e6),"
          + "\"decode_us_per_frame_cpu\":\(decode.cpu / Double(frames) * 1e6),"
          + "\"skipped_frames\":\(skipped),\"decision_digest\":\(full.digest),"
          + "\"peak_rss_mib\":\(rss)}")
    } else {
      print(
        "pipeline: \(clipPath) → \(modelPath), \(frames) frames, one core"
          + (learn ? ", learning (STDP and θ on every frame, rate \(learning.rateText))" : ""))
      print("  frames/s (CPU)           \(Int(fps))")
      print("  frames/s (wall)          \(Int(Double(frames) / full.wall))")
      print("  µs per frame (CPU)       \(full.cpu / Double(frames) * 1e6)")
      print("  decode+preprocess share  \(Int(decodeShare * 100)) %")
      print("  decisions                \(full.decisions) (digest \(full.digest))")
      print("  skipped frames           \(skipped)")
      print("  peak RSS MiB             \(rss)")
    }
    return 0
  }
}
