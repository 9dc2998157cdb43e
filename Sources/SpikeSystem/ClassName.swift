/// What a class name may be, checked where names enter SpikeCam (model files, a data set's
/// `labels.csv` and `meta.json`, `record --label`): 1 to 64 bytes of UTF-8 with no control
/// character of any kind (`TerminalText.isControl`), so a name is one line and cannot inject
/// into JSON, CSV or a terminal.
public enum ClassName {
  /// Longest name in bytes.
  public static let maxBytes = 64

  /// Why `name` is not a valid class name, or nil when it is.
  public static func problem(_ name: String) -> String? {
    if name.isEmpty { return "a class name cannot be empty" }
    if name.utf8.count > maxBytes {
      // Scalars, not characters: the board programs compile this without grapheme tables.
      let start = String(String.UnicodeScalarView(name.unicodeScalars.prefix(20)))
      return "class name '\(TerminalText.safe(start))…' is longer than \(maxBytes) bytes"
    }
    if let bad = name.unicodeScalars.first(where: TerminalText.isControl) {
      let hex = String(bad.value, radix: 16, uppercase: true)
      return "class name '\(TerminalText.safe(name))' contains the control character U+"
        + String(repeating: "0", count: max(0, 4 - hex.utf8.count)) + hex
    }
    return nil
  }
}
