import CSpikeCamSys
import SpikeCapture
import SpikeCore
import SpikeModel

#if canImport(Glibc)
  import Glibc
#endif

/// `spikecam-bench soak`: the bundled clip, looped, through the whole integer classifier (the
/// per-frame work of `spikecam run --clip`) for many frames as fast as possible, sampling the
/// resident set and the heap as it goes. A leak or a per-frame allocation that is kept shows
/// as growth between the first and the last 10 % of the run; the verdict says whether memory
/// stayed flat.
enum SoakWorkload {
  static func main(_ o: BenchOptions) -> Int32 {
    guard let frames = o.integers["frames"], let samples = o.integers["samples"],
      samples >= 10, frames >= samples,
      let rssSlack = o.integers["rss-slack-kib"], let heapSlack = o.integers["heap-slack-kib"],
      let modelPath = o.strings["model"], let clipPath = o.strings["clip"]
    else { return o.refuse("--samples must be at least 10 and --frames at least --samples") }
    let model: BenchInputs.Model
    do throws(BenchExit) { model = try BenchInputs.int8Model(modelPath) } catch { return error.code }
    guard var pipeline = try? model.makePipeline() else {
      BenchIO.err("Error: \(modelPath): the model does not build a pipeline\n")
      return 65
    }
    var source: MJPEGFileSource
    do throws(BenchExit) { source = try BenchInputs.loopedClip(clipPath) } catch { return error.code }
    var frame = [UInt8](repeating: 0, count: source.format.byteCount)
    // Every sample slot exists before the first frame, so sampling allocates nothing.
    var rss = [Int](repeating: 0, count: samples)
    var heap = [Int](repeating: 0, count: samples)
    var statusLine = [CChar](repeating: 0, count: 256)
    let framesPerSample = frames / samples
    var decisions = 0
    var delivered = 0
    let wall0 = BenchIO.wallSeconds()
    let cpu0 = BenchIO.cpuSeconds()
    frame.withUnsafeMutableBufferPointer { out in
      for sample in 0..<samples {
        for _ in 0..<framesPerSample {
          guard (try? source.nextFrame(into: out)) != nil else { break }
          delivered += 1
          if pipeline.push(UnsafeBufferPointer(out)) != nil { decisions += 1 }
        }
        rss[sample] = residentKiB(&statusLine)
        heap[sample] = Int(spikecam_heap_bytes_in_use())
      }
    }
    let wall = BenchIO.wallSeconds() - wall0
    let cpu = BenchIO.cpuSeconds() - cpu0
    let window = max(1, samples / 10)
    let firstRSS = rss[0..<window].max()!
    let lastRSS = rss[(samples - window)...].max()!
    let firstHeap = heap[0..<window].max()!
    let lastHeap = heap[(samples - window)...].max()!
    let rssGrowth = lastRSS - firstRSS
    let heapGrowth = lastHeap - firstHeap
    let judged = !o.flags.contains("no-memory-verdict")
    let complete = delivered == frames
    let flat = complete && (!judged || (rssGrowth <= rssSlack && heapGrowth <= heapSlack * 1024))
    let peak = BenchIO.peakRSSMiB()
    let mib = { (kib: Int) in BenchIO.fixed(Double(kib) / 1024, 2) }
    if o.flags.contains("json") {
      print(
        "{\"workload\":\"soak\",\"frames\":\(delivered),\"decisions\":\(decisions),"
          + "\"skipped_frames\":\(source.skippedFrames),"
          + "\"fps_wall\":\(Int(Double(delivered) / wall)),\"fps_cpu\":\(Int(Double(delivered) / cpu)),"
          + "\"seconds_wall\":\(BenchIO.fixed(wall, 1)),"
          + "\"rss_first_window_mib\":\(mib(firstRSS)),\"rss_last_window_mib\":\(mib(lastRSS)),"
          + "\"rss_growth_kib\":\(rssGrowth),\"peak_rss_mib\":\(BenchIO.fixed(peak, 2)),"
          + "\"heap_first_window_bytes\":\(firstHeap),\"heap_last_window_bytes\":\(lastHeap),"
          + "\"heap_growth_bytes\":\(heapGrowth),\"memory_judged\":\(judged),\"pass\":\(flat)}")
    } else {
      print("soak: \(clipPath) (looped) → \(modelPath), one core, as fast as possible")
      print("  frames                   \(delivered) (\(source.skippedFrames) skipped as corrupt)")
      print("  decisions                \(decisions)")
      print("  frames/s (wall, CPU)     \(Int(Double(delivered) / wall)), \(Int(Double(delivered) / cpu))")
      print("  wall time                \(BenchIO.fixed(wall, 1)) s")
      print("  VmRSS max, first 10 %    \(mib(firstRSS)) MiB")
      print("  VmRSS max, last 10 %     \(mib(lastRSS)) MiB (growth \(rssGrowth) KiB, allowed \(rssSlack))")
      print("  peak RSS (VmHWM)         \(BenchIO.fixed(peak, 2)) MiB")
      print("  heap in use, first 10 %  \(firstHeap) bytes")
      print("  heap in use, last 10 %   \(lastHeap) bytes (growth \(heapGrowth), allowed \(heapSlack * 1024))")
      let verdict =
        !complete
        ? "FAIL: frames missing"
        : !judged ? "PASS: every frame (memory not judged)" : flat ? "PASS: memory flat" : "FAIL: memory grew"
      print("  verdict                  \(verdict)")
    }
    return flat ? 0 : 1
  }

  static let vmRSSPrefix: [CChar] = [86, 109, 82, 83, 83, 58]  // "VmRSS:"

  /// VmRSS in KiB from /proc/self/status, read into a caller-owned line buffer so a sample
  /// allocates nothing; 0 when unavailable.
  static func residentKiB(_ line: inout [CChar]) -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    return line.withUnsafeMutableBufferPointer { buffer -> Int in
      let prefix = vmRSSPrefix
      while fgets(buffer.baseAddress, Int32(buffer.count), file) != nil {
        guard (0..<prefix.count).allSatisfy({ buffer[$0] == prefix[$0] }) else { continue }
        var value = 0
        var index = prefix.count
        while index < buffer.count, buffer[index] != 0 {
          let c = buffer[index]
          if c >= 48 && c <= 57 { value = value * 10 + Int(c - 48) }
          index += 1
        }
        return value
      }
      return 0
    }
  }
}
