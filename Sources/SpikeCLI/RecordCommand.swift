import Foundation
import SpikeCapture
import SpikeSystem

extension Commands {
  /// `spikecam record --device PATH --label NAME --out DIR [--clips N] [--frames 16] [--fps 12]
  /// [--split train|val|test]`: captures labelled clips through the same preprocessing as `run`
  /// (gray, area downscale, centre crop 64×64) into a clip-folder data set (`labels.csv` + PGM
  /// frames), with a `split` column once a split is given.
  static func recordRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let device = try arguments.required("device")
    let label = try arguments.required("label")
    if let problem = ClassName.problem(label) { throw .usage("--label: \(problem)") }
    let out = try arguments.required("out")
    let clips = try arguments.integer("clips", default: 10, in: 1...100_000)
    let frames = try arguments.integer("frames", default: 16, in: 2...1000)
    let fps = try arguments.integer("fps", default: 12, in: 1...240)
    let pause = try arguments.integer("pause-ms", default: 1000, in: 0...60_000)
    let requestedSplit = arguments.value("split")
    if let s = requestedSplit, !["train", "val", "test"].contains(s) {
      throw .usage("--split takes train, val or test, got '\(s)'")
    }
    var source: V4L2Source
    do throws(CaptureError) {
      source = try V4L2Source(
        path: device, request: CaptureRequest(framesPerSecond: fps, preprocess: .gesture9))
    } catch {
      throw CLIError.device(error)
    }
    var writer: DatasetWriter
    do throws(CaptureError) {
      writer = try DatasetWriter(
        directory: out, frameFormat: Preprocess.gesture9.output, framesPerClip: frames)
    } catch {
      throw ModelSupport.cliError(error)
    }
    // Once a data set has splits every clip needs one; `train` is the default.
    let split = requestedSplit ?? (writer.hasSplits ? "train" : nil)
    if split != nil && !writer.hasSplits && !writer.rows.isEmpty {
      console.err(
        "\(out): its \(writer.rows.count) clip(s) recorded without --split become split "
          + "'\(DatasetWriter.splitOfUnsplitClips)' in labels.csv\n")
    }
    // SIGINT/SIGTERM (handlers installed before this ran: `stopsOnSignal`) drop the clip in
    // progress; the clips already written stay.
    let frameBytes = source.format.byteCount
    var clip = [UInt8](repeating: 0, count: frames * frameBytes)
    var written = 0
    clipLoop: for n in 0..<clips {
      console.err("clip \(n + 1)/\(clips) '\(label)': get ready…\n")
      _ = StopRequest.sleep(
        untilMonotonicNanos: StopRequest.monotonicNanos() + UInt64(pause) * 1_000_000)
      if StopRequest.isRequested { break }
      console.err("clip \(n + 1)/\(clips): recording \(frames) frames\n")
      for t in 0..<frames {
        let stamp: FrameStamp?
        do throws(CaptureError) {
          stamp = try clip.withUnsafeMutableBufferPointer { (all) throws(CaptureError) in
            try source.nextFrame(
              into: UnsafeMutableBufferPointer(rebasing: all[(t * frameBytes)..<((t + 1) * frameBytes)]))
          }
        } catch {
          if StopRequest.isRequested { break clipLoop }
          throw CLIError.device(error)
        }
        if stamp == nil || StopRequest.isRequested { break clipLoop }
      }
      do throws(CaptureError) {
        let name = try writer.append(clip: clip, label: label, split: split)
        console.err("  wrote \(out)/\(name)\n")
        written += 1
      } catch {
        throw ModelSupport.cliError(error)
      }
    }
    console.err(
      "\(written) clip(s) of '\(label)'" + (split.map { " (split \($0))" } ?? "") + " in \(out)"
        + (StopRequest.isRequested ? " (stopped by signal)" : "") + "\n")
  }
}
