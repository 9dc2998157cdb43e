#if canImport(Glibc)
  import Glibc
#endif

/// Output, timing and memory helpers shared by the workloads.
enum BenchIO {
  static func err(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
  }

  /// Peak resident set (VmHWM) in MiB, from /proc/self/status; 0 when unavailable.
  static func peakRSSMiB() -> Double {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
      let text = String(
        decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if text.hasPrefix("VmHWM:") {
        let digits = text.filter { $0.isNumber }
        return (Double(digits) ?? 0) / 1024
      }
    }
    return 0
  }

  /// Process CPU time in seconds.
  static func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  /// Wall time in seconds since an arbitrary origin.
  static func wallSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
  }

  /// Fixed-point text for a double (no Foundation).
  static func fixed(_ x: Double, _ digits: Int) -> String {
    if !x.isFinite { return "0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(x) * scale).rounded()
    let whole = Int(rounded / scale)
    let frac = Int(rounded - Double(whole) * scale)
    let sign = x < 0 && rounded != 0 ? "-" : ""
    if digits == 0 { return "\(sign)\(whole)" }
    let f = String(frac)
    return "\(sign)\(whole)." + String(repeating: "0", count: digits - f.count) + f
  }

  /// Parses `--name value` integer and string options (over `workload`'s defaults) and flags;
  /// returns nil (after printing an error) on a malformed command line.
  static func options(_ arguments: [String], for workload: Workload) -> BenchOptions? {
    let integers = workload.integers
    let flags = workload.flags
    let strings = workload.strings
    var ints = integers
    var strs = strings
    var set: Set<String> = []
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      let name = String(a.drop { $0 == "-" })
      if flags.contains(name) {
        set.insert(name)
        i += 1
      } else if ints[name] != nil || strs[name] != nil, i + 1 < arguments.count {
        if ints[name] != nil {
          guard let v = Int(arguments[i + 1]), v >= 0 else {
            err("Error: \(a) needs a non-negative integer, got '\(arguments[i + 1])'\n")
            return nil
          }
          ints[name] = v
        } else {
          strs[name] = arguments[i + 1]
        }
        i += 2
      } else {
        err("Error: unknown or incomplete option '\(a)'\n")
        return nil
      }
    }
    return BenchOptions(integers: ints, flags: set, strings: strs, usage: workload.usage)
  }
}

/// A workload's command line, parsed: integer and string options (defaults filled in) and flags.
struct BenchOptions {
  var integers: [String: Int]
  var flags: Set<String>
  var strings: [String: String]
  /// The workload's usage line.
  var usage: String

  /// Whether `--json` was given.
  var json: Bool { flags.contains("json") }

  /// Prints `message` and the usage line; returns the usage-error exit code.
  func refuse(_ message: String) -> Int32 {
    BenchIO.err("Error: \(message)\n" + usage)
    return 64
  }
}

/// Keeps a value alive so the optimiser cannot drop the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
