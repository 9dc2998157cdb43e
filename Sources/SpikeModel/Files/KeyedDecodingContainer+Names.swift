import SpikeCore

extension KeyedDecodingContainer {
  /// A named setting (`"in-degree:64"`, `"flat"`, …) parsed by `make`, or a decoding error that
  /// names the key and says what it takes, so every configuration key reports alike.
  func parse<T>(_ text: String, key: Key, _ make: (String) throws(ConfigError) -> T) throws -> T {
    do throws(ConfigError) {
      return try make(text)
    } catch {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: error.description)
    }
  }
}
