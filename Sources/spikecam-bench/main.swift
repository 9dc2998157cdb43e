#if canImport(Glibc)
  import Glibc
#endif

/// One workload: its name and summary for the list, its options with their defaults, and its
/// entry, which gets the parsed options and returns the process exit code.
struct Workload {
  let name: String
  let summary: String
  /// The options after the name in the usage line, and any notes on them.
  let options: String
  var integers: [String: Int] = [:]
  var flags: Set<String> = ["json"]
  var strings: [String: String] = [:]
  let main: (BenchOptions) -> Int32

  var usage: String { "Usage: spikecam-bench \(name) \(options)\n" }
}

let model = "calibration/gesture9-int8.safetensors"
let clip = "calibration/sample-640x480.avi"
let workloads: [Workload] = [
  Workload(
    name: "core-infer", summary: "1024 → 400 LIF, lateral inhibition, T = 16, Bernoulli input",
    options: "[--frames N] [--warmup W] [--json]", integers: ["frames": 20_000, "warmup": 20],
    main: CoreWorkload.infer),
  Workload(
    name: "core-train", summary: "core-infer with STDP on",
    options: "[--frames N] [--warmup W] [--json]", integers: ["frames": 2_000, "warmup": 20],
    main: CoreWorkload.train),
  Workload(
    name: "attention", summary: "int8 attention block over K = 16 tokens",
    options: "[--iterations N] [--json]", integers: ["iterations": 2_000],
    main: AttentionWorkload.main),
  Workload(
    name: "decode", summary: "640×480 MJPEG to 32×32 luma",
    options: "[--clip PATH] [--size 32|64] [--frames N] [--json]",
    integers: ["frames": 2_000, "size": 32], strings: ["clip": clip], main: DecodeWorkload.main),
  Workload(
    name: "capture",
    summary: "camera path per frame: 640×480 MJPEG / YUYV to 64×64 luma, ring push+pop",
    options: "[--jpeg FILE] [--frames N] [--json]", integers: ["frames": 2_000],
    strings: ["jpeg": ""], main: CaptureWorkload.main),
  Workload(
    name: "pipeline", summary: "MJPEG clip → class, end to end, one core",
    options: "[--model INT.safetensors] [--clip FILE.avi] [--frames N] [--learn] [--json]",
    integers: ["frames": 5_000], flags: ["json", "learn"],
    strings: ["model": model, "clip": clip], main: PipelineWorkload.main),
  Workload(
    name: "pan-search", summary: "pan-compensation shift search alone, 64×64, R = 6",
    options: "[--pairs N] [--size S] [--radius R] [--json]",
    integers: ["pairs": 20_000, "size": 64, "radius": 6], main: PanSearchWorkload.main),
  Workload(
    name: "soak", summary: "10⁶ clip frames through the classifier: RSS and heap flat?",
    options: "[--model INT.safetensors] [--clip FILE.avi] [--frames N] [--samples N]"
      + " [--rss-slack-kib K] [--heap-slack-kib K] [--no-memory-verdict] [--json]\n"
      + "  --no-memory-verdict: report memory but judge only that every frame arrived (for\n"
      + "  sanitizer builds, whose allocator holds freed memory back by design)",
    integers: ["frames": 1_000_000, "samples": 1000, "rss-slack-kib": 1024, "heap-slack-kib": 64],
    flags: ["json", "no-memory-verdict"], strings: ["model": model, "clip": clip],
    main: SoakWorkload.main),
  Workload(
    name: "refnet", summary: "RefNet-v1 (tools/bench-peers/REFNET.md) with check values",
    options: "--mode infer|train --frames N --warmup W [--json]",
    integers: ["frames": 200, "warmup": 10], strings: ["mode": "infer"],
    main: RefNetWorkload.main),
]

// The benchmark executable: one entry per workload; the options are parsed here, each
// workload checks their values.
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
let options = Array(arguments.dropFirst())
if options.contains("-h") || options.contains("--help") {
  print(workload.usage, terminator: "")
  exit(0)
}
guard let parsed = BenchIO.options(options, for: workload) else {
  BenchIO.err(workload.usage)
  exit(64)
}
exit(workload.main(parsed))
