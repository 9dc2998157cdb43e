#if canImport(Glibc)
  import Glibc
#endif

// The benchmark executable: workloads are added by the issues that build them.
let workloads = ["core-infer", "core-train", "attention", "decode", "pipeline", "refnet"]
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty || arguments[0] == "-h" || arguments[0] == "--help" {
  print("USAGE: spikecam-bench <workload> [--json]\n\nWORKLOADS: \(workloads.joined(separator: " "))")
  exit(arguments.isEmpty ? 64 : 0)
}
if arguments[0] == "decode" { exit(DecodeBench.run(arguments)) }
FileHandleless.err("Error: workload '\(arguments[0])' is not built yet\n")
exit(1)

enum FileHandleless {
  static func err(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
  }
}
