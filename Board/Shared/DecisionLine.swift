import SpikeCore

/// One decision as a JSON line with the fields `spikecam run` prints that do not depend on
/// time (`frame`, `class`, `label`, `score` to 4 decimals, rounded as run rounds it),
/// plus the exact Q15 score (`score_q15`), so two machines can be compared bit for bit.
/// Integer formatting only: the board path has no floating point.
enum DecisionLine {
  /// `{"clip":C,"frame":F,"class":K,"label":"…","score":0.dddd,"score_q15":Q}`; `clip` only
  /// when clips are scored one by one.
  static func text(clip: Int?, frame: Int, decision: Decision, label: String) -> String {
    var line = "{"
    if let clip { line += "\"clip\":\(clip)," }
    line += "\"frame\":\(frame),\"class\":\(decision.classIndex),\"label\":\"\(escaped(label))\","
    line += "\"score\":\(decimal4(q15: Int(decision.score))),\"score_q15\":\(decision.score)}"
    return line
  }

  /// q / 32768 to 4 decimals, ties away from zero (`JSON.decimal` on the host).
  static func decimal4(q15 q: Int) -> String {
    let scaled = q * 10_000
    var whole = scaled / 32_768
    let remainder = scaled % 32_768
    if remainder * 2 >= 32_768 { whole += 1 }  // half away from zero, as the host's JSON.decimal
    let digits = "\(whole % 10_000)"
    let padded = String(repeating: "0", count: 4 - digits.utf8.count) + digits
    return "\(whole / 10_000).\(padded)"
  }

  /// JSON string escaping of a class name (quote, backslash, control characters).
  static func escaped(_ text: String) -> String {
    var out: [UInt8] = []
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    for b in text.utf8 {
      switch b {
      case 0x22, 0x5C: out += [0x5C, b]
      case 0x0A: out += [0x5C, 0x6E]
      case 0x0D: out += [0x5C, 0x72]
      case 0x09: out += [0x5C, 0x74]
      case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
      default: out.append(b)
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
