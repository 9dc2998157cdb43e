extension OptionSpec {
  /// An option written as its help reads: `--name <VALUE>  help` (required),
  /// `[--name <VALUE>]  help` (optional) or `[--flag]  help`, the help after two or more spaces.
  /// Rows are constants of the program, so a malformed one is a programming error (the command
  /// table tests build every command's rows).
  init(row: String) {
    guard let gap = row.firstRange(of: "  ") else { preconditionFailure("no help in row: \(row)") }
    var synopsis = Substring(row[..<gap.lowerBound])
    let help = row[gap.upperBound...].drop { $0 == " " }
    let isOptional = synopsis.hasPrefix("[") && synopsis.hasSuffix("]")
    if isOptional { synopsis = synopsis.dropFirst().dropLast() }
    precondition(synopsis.hasPrefix("--") && !help.isEmpty, "malformed row: \(row)")
    let parts = synopsis.dropFirst(2).split(separator: " ", maxSplits: 1)
    var value: String?
    if parts.count == 2 {
      precondition(parts[1].hasPrefix("<") && parts[1].hasSuffix(">"), "malformed value: \(row)")
      value = String(parts[1].dropFirst().dropLast())
    }
    precondition(isOptional || value != nil, "a flag cannot be required: \(row)")
    self.init(String(parts[0]), value: value, help: String(help), isRequired: !isOptional)
  }

  /// Options written as a table of rows (`init(row:)`), one per line; a line that starts with a
  /// space continues the help of the row above it, joined with one space.
  static func table(_ text: String) -> [OptionSpec] {
    var rows: [String] = []
    for line in text.split(separator: "\n") {
      if line.first == " " {
        precondition(!rows.isEmpty, "continuation before any row: \(line)")
        // The help of a long synopsis starts on the next line: it still needs its gap.
        let gap = rows[rows.count - 1].firstRange(of: "  ") == nil ? "  " : " "
        rows[rows.count - 1] += gap + line.drop { $0 == " " }
      } else {
        rows.append(String(line))
      }
    }
    return rows.map { OptionSpec(row: $0) }
  }
}
