import Foundation
import SpikeSystem

/// Where `run --learn` takes the true class of each window from, for a head that learns from
/// labels (R-STDP): one class for the whole run (`--reward-label NAME`: a clip of one gesture),
/// or a schedule read as the run goes (`--rewards FILE`).
enum RewardLabels {
  case fixed(Int)
  case schedule(RewardSchedule)

  /// The class the window decided at frame `frame` (0-based) is rewarded for, nil for none.
  mutating func label(forFrame frame: Int) throws(CLIError) -> Int? {
    switch self {
    case .fixed(let label): return label
    case .schedule(let schedule): return try schedule.label(forFrame: frame)
    }
  }

  /// A class named by `text`: its name in the model, or its index.
  static func classIndex(_ text: String, classNames: [String]) -> Int? {
    if let i = classNames.firstIndex(of: text) { return i }
    if let i = Int(text), text.allSatisfy(\.isASCII), (0..<classNames.count).contains(i) {
      return i
    }
    return nil
  }
}

/// `--rewards FILE`: lines `FRAME LABEL`, frames increasing: from frame FRAME on, windows are
/// rewarded for class LABEL (a class name or index; `-` for no reward), until the next line.
/// Empty lines and lines starting with `#` are skipped. The file is read without blocking as
/// the run goes, so it may be a named pipe a labeller writes to while the camera runs: a line
/// counts from the frame it names or, when it arrives later, from the frame it arrives at.
/// Memory is fixed: one 4 KiB read buffer, at most 64 lines read ahead, lines of at most
/// 256 bytes.
final class RewardSchedule {
  let path: String
  let classNames: [String]
  private let fd: Int32
  private var bytes = [UInt8](repeating: 0, count: 4096)
  private var held = 0
  private var ahead: [(frame: Int, label: Int?)] = []
  private var current: Int?
  private var lineNumber = 0
  private var lastFrame = -1
  static let maxAhead = 64
  static let maxLine = 256

  /// Opens `path` for reading without blocking; a missing or unreadable file is refused.
  init(path: String, classNames: [String]) throws(CLIError) {
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else {
      let reason = String(cString: strerror(errno))
      throw .badInput("--rewards \(path): cannot open it (\(reason)); give a file or named pipe of FRAME LABEL lines")
    }
    (self.path, self.classNames, self.fd) = (path, classNames, fd)
    ahead.reserveCapacity(Self.maxAhead)
  }

  deinit { close(fd) }

  /// The label for the window decided at `frame`, after reading what the file holds so far.
  func label(forFrame frame: Int) throws(CLIError) -> Int? {
    try readAvailable()
    while let next = ahead.first, next.frame <= frame {
      current = next.label
      ahead.removeFirst()
    }
    return current
  }

  /// Reads and parses whatever is there now, while fewer than `maxAhead` lines wait.
  private func readAvailable() throws(CLIError) {
    while ahead.count < Self.maxAhead {
      let n = bytes.withUnsafeMutableBytes { buffer in
        read(fd, buffer.baseAddress! + held, buffer.count - held)
      }
      if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
      guard n >= 0 else {
        throw .badInput("--rewards \(path): read failed (\(String(cString: strerror(errno))))")
      }
      if n == 0 { return }  // end of a file, or no writer on a pipe yet
      held += n
      try parseLines()
    }
  }

  /// Takes every complete line out of the buffer.
  private func parseLines() throws(CLIError) {
    var start = 0
    while ahead.count < Self.maxAhead, let end = bytes[start..<held].firstIndex(of: 0x0A) {
      try parse(bytes[start..<end])
      start = end + 1
    }
    if start > 0 {
      bytes.withUnsafeMutableBytes { buffer in
        let base = buffer.baseAddress!
        memmove(base, base + start, held - start)
      }
      held -= start
    }
    if held > Self.maxLine && bytes[0..<held].firstIndex(of: 0x0A) == nil {
      throw problem(lineNumber + 1, "a line is longer than \(Self.maxLine) bytes")
    }
  }

  private func parse(_ line: ArraySlice<UInt8>) throws(CLIError) {
    lineNumber += 1
    guard line.count <= Self.maxLine else {
      throw problem(lineNumber, "the line is longer than \(Self.maxLine) bytes")
    }
    guard let text = String(validating: line, as: UTF8.self) else {
      throw problem(lineNumber, "the line is not UTF-8 text")
    }
    let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
    if fields.isEmpty || fields[0].hasPrefix("#") { return }
    guard fields.count == 2 else {
      throw problem(lineNumber, "expected FRAME LABEL, got '\(TerminalText.safe(text))'")
    }
    guard fields[0].allSatisfy({ $0.isASCII && $0.isNumber }), let frame = Int(fields[0]) else {
      throw problem(lineNumber, "the frame '\(TerminalText.safe(String(fields[0])))' is not a whole number")
    }
    guard frame > lastFrame else {
      throw problem(lineNumber, "frame \(frame) does not follow frame \(lastFrame); frames must increase")
    }
    let name = String(fields[1])
    var label: Int?
    if name != "-" {
      guard let index = RewardLabels.classIndex(name, classNames: classNames) else {
        throw problem(
          lineNumber, "'\(TerminalText.safe(name))' is not a class of the model ("
            + classNames.joined(separator: ", ") + ", an index, or - for none)")
      }
      label = index
    }
    lastFrame = frame
    ahead.append((frame, label))
  }

  private func problem(_ line: Int, _ what: String) -> CLIError {
    .badInput("--rewards \(path):\(line): \(what)")
  }
}
