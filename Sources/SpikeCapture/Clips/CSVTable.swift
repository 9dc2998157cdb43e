/// A small RFC 4180 CSV table: comma-separated, optional double quotes (`""` inside quotes is a
/// quote), LF or CRLF line ends, a header row. Enough for `labels.csv`, strict enough that a
/// damaged file is refused with its line number rather than misread. Package-visible so the
/// fuzz targets can drive it directly.
package struct CSVTable {
  package var header: [String]
  package var rows: [[String]]

  /// Largest file read (a `labels.csv` of 100,000 clips is about 3 MB).
  package static let maxBytes = 16 << 20
  /// Most rows accepted.
  static let maxRows = 1_000_000
  /// Most fields in one row (`clip_id,split,label,label_name,…` has a handful): bounds what a
  /// line of commas can cost.
  static let maxColumns = 64

  /// Index of the column named `name`.
  package func column(_ name: String) -> Int? { header.firstIndex(of: name) }

  /// Parses `bytes`; `name` is used in error messages.
  package static func parse(_ bytes: [UInt8], name: String) throws(CaptureError) -> CSVTable {
    guard bytes.count <= maxBytes else {
      throw .badFile(path: name, reason: "\(bytes.count) bytes, more than the \(maxBytes)-byte limit")
    }
    var records: [[String]] = []
    var record: [String] = []
    var field: [UInt8] = []
    var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // UTF-8 byte-order mark
    var line = 1
    var quoted = false
    var fieldWasQuoted = false
    func endField() {
      record.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      fieldWasQuoted = false
    }
    while i < bytes.count {
      let c = bytes[i]
      i += 1
      if quoted {
        if c == UInt8(ascii: "\"") {
          if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            field.append(c)
            i += 1
          } else {
            quoted = false
          }
        } else {
          if c == 0x0A { line += 1 }
          field.append(c)
        }
        continue
      }
      switch c {
      case UInt8(ascii: "\""):
        guard field.isEmpty, !fieldWasQuoted else {
          throw .badFile(path: name, reason: "line \(line): stray quote inside a field")
        }
        quoted = true
        fieldWasQuoted = true
      case UInt8(ascii: ","):
        endField()
        guard record.count < maxColumns else {
          throw .badFile(path: name, reason: "line \(line): more than \(maxColumns) fields")
        }
      case 0x0D where i < bytes.count && bytes[i] == 0x0A:
        break
      case 0x0A:
        endField()
        if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
        record.removeAll()
        line += 1
        guard records.count <= maxRows else {
          throw .badFile(path: name, reason: "more than \(maxRows) rows")
        }
      default:
        guard !fieldWasQuoted else {
          throw .badFile(path: name, reason: "line \(line): text after a closing quote")
        }
        field.append(c)
      }
    }
    guard !quoted else { throw .badFile(path: name, reason: "line \(line): quote never closed") }
    if !field.isEmpty || !record.isEmpty || fieldWasQuoted {
      endField()
      records.append(record)
    }
    guard let header = records.first else { throw .badFile(path: name, reason: "empty CSV file") }
    for (n, row) in records.enumerated().dropFirst() where row.count != header.count {
      throw .badFile(
        path: name, reason: "row \(n + 1) has \(row.count) fields, the header has \(header.count)")
    }
    return CSVTable(header: header, rows: Array(records.dropFirst()))
  }

  /// One CSV line (with LF), quoting fields that need it.
  static func line(_ fields: [String]) -> String {
    fields.map { field in
      if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + field.replacingQuotes() + "\""
      }
      return field
    }.joined(separator: ",") + "\n"
  }
}

extension String {
  fileprivate func replacingQuotes() -> String {
    var out = ""
    for c in self {
      if c == "\"" { out += "\"\"" } else { out.append(c) }
    }
    return out
  }
}
