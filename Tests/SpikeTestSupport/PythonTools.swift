import Foundation

/// Runs python3 (and the repository's Python tools) for the interop tests.
///
/// `tools/setup.sh` installs the packages of `tools/requirements.txt`. On a machine without
/// them the interop tests skip, except when `SPIKECAM_REQUIRE_PYTHON=1` (CI sets it): then a
/// missing package or program fails the tests instead of hiding them.
public enum PythonTools {
  /// The repository root.
  public static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// Whether a missing Python package or program must fail the tests (CI).
  public static let required = ProcessInfo.processInfo.environment["SPIKECAM_REQUIRE_PYTHON"] == "1"

  /// Whether python3 imports every module in `modules`.
  public static func has(_ modules: [String]) -> Bool {
    (try? run(["-c", "import " + modules.joined(separator: ", ")])) != nil
  }

  /// Whether `program` is on PATH.
  public static func hasProgram(_ program: String) -> Bool {
    (try? execute("/usr/bin/env", ["sh", "-c", "command -v \(program)"])) != nil
  }

  /// Why the tests that need `modules` (and `programs`) cannot run here, or nil if they can.
  public static func missing(_ modules: [String], programs: [String] = []) -> String? {
    let lacking =
      modules.filter { !has([$0]) } + programs.filter { !hasProgram($0) }
    guard !lacking.isEmpty else { return nil }
    return "missing \(lacking.joined(separator: ", ")): run tools/setup.sh"
  }

  /// A failed run: its exit status and stderr.
  public struct Failure: Error, CustomStringConvertible {
    public var status: Int32
    public var stderr: String
    public var description: String { "exit \(status): \(stderr)" }
  }

  /// Runs a Python snippet; returns stdout.
  @discardableResult
  public static func script(_ source: String) throws -> String {
    try run(["-c", source])
  }

  /// Runs `tools/NAME` with `arguments`; returns stdout.
  @discardableResult
  public static func tool(_ name: String, _ arguments: [String]) throws -> String {
    try run([packageRoot + "/tools/" + name] + arguments)
  }

  /// Runs python3 with `arguments`; returns stdout, throws `Failure` on a non-zero exit.
  @discardableResult
  public static func run(_ arguments: [String]) throws -> String {
    try execute("/usr/bin/env", ["python3"] + arguments)
  }

  /// Runs a program; stdout and stderr go to files (a pipe left unread could fill and block).
  @discardableResult
  public static func execute(_ executable: String, _ arguments: [String]) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-python-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("stdout")
    let err = folder.appendingPathComponent("stderr")
    try Data().write(to: out)
    try Data().write(to: err)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
    process.waitUntilExit()
    let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    guard process.terminationStatus == 0 else {
      throw Failure(
        status: process.terminationStatus,
        stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
    return stdout
  }
}
