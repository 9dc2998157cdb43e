/// Text from files (class names, tensor names, metadata, paths) made safe to print on a
/// terminal: every control character (C0, DEL, C1), the line and paragraph separators and the
/// bidirectional overrides become `?`, so no escape sequence can move the cursor, clear the
/// screen, set the window title or reorder what is shown.
public enum TerminalText {
  /// `text` with every control character replaced by `?`.
  public static func safe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      out.unicodeScalars.append(isControl(scalar) ? "?" : scalar)
    }
    return out
  }

  /// `safe` for text of several lines: the line feeds stay.
  public static func safe(lines text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { safe(String($0)) }
      .joined(separator: "\n")
  }

  /// Whether a scalar changes how a terminal shows what follows.
  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00..<0x20, 0x7F...0x9F: return true
    case 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }
}
