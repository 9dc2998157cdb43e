#if canImport(Glibc)
  import Glibc
#endif

// The benchmark executable: one entry per workload; a workload parses its own options and
// returns the process exit code.
let workloads: [(name: String, summary: String, run: ([String]) -> Int32)] = [
  ("core-infer", "1024 → 400 LIF, lateral inhibition, T = 16, Bernoulli input", CoreWorkload.infer),
  ("core-train", "core-infer with STDP on", CoreWorkload.train),
  ("attention", "int8 attention block over K = 16 tokens", AttentionWorkload.main),
  ("decode", "640×480 MJPEG to 32×32 luma", DecodeWorkload.main),
  ("capture", "camera path per frame: 640×480 MJPEG / YUYV to 64×64 luma, ring push+pop", CaptureWorkload.main),
  ("pipeline", "MJPEG clip → class, end to end, one core", PipelineWorkload.main),
  ("pan-search", "pan-compensation shift search alone, 64×64, R = 6", PanSearchWorkload.main),
  ("soak", "10⁶ clip frames through the classifier: RSS and heap flat?", SoakWorkload.main),
  ("refnet", "RefNet-v1 (research/perf.md §2) with check values", RefNetWorkload.main),
]

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty || arguments[0] == "-h" || arguments[0] == "--help" {
  var usage = "USAGE: spikecam-bench <workload> [options] [--json]\n\nWORKLOADS:\n"
  for w in workloads {
    let padded = w.name + String(repeating: " ", count: max(1, 12 - w.name.count))
    usage += "  \(padded)\(w.summary)\n"
  }
  print(usage, terminator: "")
  exit(arguments.isEmpty ? 64 : 0)
}
guard let workload = workloads.first(where: { $0.name == arguments[0] }) else {
  BenchIO.err(
    "Error: unknown workload '\(arguments[0])'\nUsage: spikecam-bench <workload> [--json]\n")
  exit(64)
}
exit(workload.run(Array(arguments.dropFirst())))
