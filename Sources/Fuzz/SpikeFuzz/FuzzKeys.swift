import SpikeModel

/// Reads the input as a trusted-keys file and as a secret key file (`--trusted-keys`,
/// `sign --key`): either it parses into well-formed keys, or it is refused with a `ModelError`
/// that names the file.
public func fuzzKeys(_ data: UnsafeRawBufferPointer) {
  let bytes = Array(data)
  do {
    let keys = try ModelTrust.parse(bytes, path: "fuzz.pub")
    precondition(!keys.isEmpty && keys.allSatisfy { $0.bytes.count == 32 }, "malformed key accepted")
  } catch {
    precondition(error.description.contains("fuzz.pub"), "refusal does not name the file")
  }
  do {
    let seed = try SecretKey.parse(bytes, path: "fuzz.key")
    precondition(seed.count == 32, "malformed secret accepted")
  } catch {
    precondition(error.description.contains("fuzz.key"), "refusal does not name the file")
  }
}
