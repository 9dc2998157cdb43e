/// The id a model goes by in what `spikecam run` and the board program print and publish: the
/// strongest digest its file carries, as `<algorithm>:<hex>` (`sha256:…` when the header has a
/// whole-file SHA-256, format 2, verified on load; else `crc32:…` of the tensor bytes), or
/// `unknown`. One place, so a stronger digest in the model format changes every line at once.
public enum ModelIdentity {
  /// Header keys in order of preference, each with the algorithm name it is printed with.
  static let digests: [(key: String, algorithm: String)] = [
    (ModelDigest.digestKey, "sha256"), (SafetensorsLayout.checksumKey, "crc32"),
  ]

  /// The id of a checked model file.
  public static func of(_ layout: SafetensorsLayout) -> String {
    for (key, algorithm) in digests {
      if let value = layout.metadata(key), !value.isEmpty { return algorithm + ":" + value }
    }
    return "unknown"
  }
}
