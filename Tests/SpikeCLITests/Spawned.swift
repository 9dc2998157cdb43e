import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A child process started with posix_spawn, its stdout and stderr going to files (or stdout
/// to a pipe), so tests can watch its output while it runs and signal it. Foundation's
/// `Process` needs socket pairs the device VM's minimal guest does not give it; this works
/// on the host and in the guest alike.
final class Spawned {
  let pid: pid_t
  let stdoutPath: String
  let stderrPath: String
  /// The read end of stdout when started with `stdoutPipe`, else -1.
  private(set) var pipeReader: Int32 = -1
  private var status: Int32?

  /// The `spikecam` to run: `SPIKECAM_BIN` when set (the VM tests use a release build, which
  /// starts in a second where the debug one takes most of a minute under emulation), else
  /// the debug build next to the test bundle.
  static var spikecam: String {
    if let path = ProcessInfo.processInfo.environment["SPIKECAM_BIN"], !path.isEmpty { return path }
    return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("spikecam").path
  }

  /// Starts `executable` with `arguments` (argv[0] is added), in this process's environment
  /// with `environment`'s variables added or replaced.
  init(
    _ executable: String, _ arguments: [String], stdoutPipe: Bool = false,
    environment: [String: String] = [:]
  ) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "spikecam-spawn-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    stdoutPath = folder.appendingPathComponent("stdout").path
    stderrPath = folder.appendingPathComponent("stderr").path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    var fds: [Int32] = [-1, -1]
    if stdoutPipe {
      try #require(pipe(&fds) == 0)
      posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
      posix_spawn_file_actions_addclose(&actions, fds[0])
      posix_spawn_file_actions_addclose(&actions, fds[1])
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // Start with default signal handling and nothing blocked, whatever the test runner set.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var all = sigset_t()
    sigfillset(&all)
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    let words = [executable] + arguments
    var argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var variables = ProcessInfo.processInfo.environment
    for (name, value) in environment { variables[name] = value }
    var envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    var child = pid_t()
    let rc = posix_spawn(&child, executable, &actions, &attributes, &argv, &envp)
    if stdoutPipe {
      close(fds[1])
      pipeReader = fds[0]
    }
    try #require(rc == 0, "posix_spawn \(executable) failed: \(rc)")
    pid = child
  }

  deinit {
    if status == nil {
      kill(pid, SIGKILL)
      var raw: Int32 = 0
      waitpid(pid, &raw, 0)
    }
    if pipeReader >= 0 { close(pipeReader) }
  }

  var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
  var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

  /// Complete stdout lines parsed as JSON objects (a line that is not one fails the test).
  var jsonLines: [[String: Any]] {
    // A program may be writing its last line as we read: only lines ended by a newline count.
    let text = stdout
    let complete = text.lastIndex(of: "\n").map { text[..<$0] } ?? ""
    return complete.split(separator: "\n").compactMap { line in
      let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      #expect(object != nil, "not a JSON object: \(line)")
      return object
    }
  }

  /// The `event` lines among `jsonLines`.
  func events(_ name: String) -> [[String: Any]] {
    jsonLines.filter { $0["event"] as? String == name }
  }

  func signal(_ sig: Int32) { kill(pid, sig) }

  /// Waits until `condition` holds (checked every 50 ms) or `seconds` pass; whether it held.
  @discardableResult
  func wait(upTo seconds: Double, until condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if condition() { return true }
      if exited { return condition() }
      usleep(50_000)
    }
    return condition()
  }

  /// Whether the child has ended (reaps it).
  var exited: Bool {
    if status != nil { return true }
    var raw: Int32 = 0
    if waitpid(pid, &raw, WNOHANG) == pid {
      status = raw
      return true
    }
    return false
  }

  /// The exit code (128 + N when killed by signal N), or `nil` when it did not end within
  /// `seconds`; it is then killed.
  func exitCode(within seconds: Double) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while !exited && Date() < deadline { usleep(20_000) }
    guard let raw = status else {
      kill(pid, SIGKILL)
      var killed: Int32 = 0
      waitpid(pid, &killed, 0)
      status = killed
      return nil
    }
    let signalled = raw & 0x7f
    return signalled == 0 ? (raw >> 8) & 0xff : 128 + signalled
  }
}
