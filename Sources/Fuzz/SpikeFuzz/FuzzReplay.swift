import Foundation

/// How a fuzz target runs its body. Built with libFuzzer (`tools/check.sh fuzz` defines
/// SPIKECAM_FUZZ), libFuzzer calls the target's `LLVMFuzzerTestOneInput`, which hands each input
/// to `one`. Built without it (a plain `swift build`), the target's `main` replays the files
/// named on its command line through `run`. So the fuzz code compiles in every build, and a
/// corpus or a finding replays under a debugger.
public enum FuzzReplay {
  /// One libFuzzer input through `body`; libFuzzer's return value (0: keep fuzzing).
  public static func one(
    _ data: UnsafePointer<UInt8>?, _ size: Int, _ body: (UnsafeRawBufferPointer) -> Void
  ) -> Int32 {
    body(UnsafeRawBufferPointer(start: data, count: size))
    return 0
  }

  /// Replays the inputs named in `CommandLine.arguments`; exits 0 when none crashed.
  public static func run(_ body: (UnsafeRawBufferPointer) -> Void) {
    let paths = CommandLine.arguments.dropFirst()
    guard !paths.isEmpty else {
      print("usage: \(CommandLine.arguments[0]) FILE|FOLDER…")
      print("Replays inputs; build with tools/check.sh fuzz for a libFuzzer binary.")
      return
    }
    var count = 0
    for path in paths {
      for file in files(at: path) {
        guard let data = FileManager.default.contents(atPath: file) else {
          print("cannot read \(file)")
          continue
        }
        data.withUnsafeBytes { body($0) }
        count += 1
      }
    }
    print("replayed \(count) inputs")
  }

  /// `path` itself, or the regular files in it when it is a folder, in name order.
  static func files(at path: String) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue
    else { return [path] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    return names.sorted().filter { !$0.hasPrefix(".") }.map { path + "/" + $0 }
  }
}
