import SpikeModel
import SpikeSignature
import SpikeSystem

extension Commands {
  /// `spikecam keygen --out NAME`: a new Ed25519 key pair from the kernel's random generator;
  /// NAME.key holds the secret (mode 0600, whatever the umask), NAME.pub the public key to give
  /// to boards (`--trusted-keys`, a profile's `trusted_keys`).
  static func keygenRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let out = try arguments.required("out")
    let signer = try Self.signer(SystemRandom.bytes(Ed25519.secretKeyBytes))
    let key = TrustedKey(bytes: signer.publicKey)
    do throws(FileError) {
      let (folder, name) = DurableFile.split(out)
      let target = try Folder(folder)
      for suffix in [".key", ".pub"] where target.mode(of: name + suffix) != nil {
        throw FileError(.wrongType(found: "an existing file", expected: "a new name"), path: out + suffix)
      }
      try target.replace(
        name + ".key", with: Array((SecretKey.prefix + Hex.encode(signer.secret) + "\n").utf8),
        mode: 0o600)
      try target.replace(name + ".pub", with: Array((key.description + "\n").utf8))
    } catch {
      throw .failure("cannot write the key pair: \(error.description)")
    }
    console.out(key.description + "\n")
    console.err("wrote \(out).key (secret: keep it private) and \(out).pub (public)\n")
  }

  /// `spikecam sign --key NAME.key --model FILE [--out FILE]`: checks the model (digest, and an
  /// existing signature), then writes it with `signed_by` and `signature` added; the tensors and
  /// every other metadata value are unchanged.
  static func signRun(_ arguments: ParsedArguments, _ console: Console) throws(CLIError) {
    let keyPath = try arguments.required("key")
    let modelPath = try arguments.required("model")
    let out = arguments.value("out") ?? modelPath
    let secret: [UInt8]
    do throws(ModelError) { secret = try SecretKey.load(path: keyPath) } catch { throw ModelSupport.cliError(error) }
    let signer = try Self.signer(secret)
    do throws(ModelError) {
      let file = try SafetensorsFile.read(path: modelPath)
      let image = file.signedImage(by: signer)
      try SafetensorsWriter.write(image, path: out)
      let signed = try SafetensorsFile.parse(image, file: out)
      console.out(
        "signed \(out): digest \(signed.verifiedDigest ?? "?"), signed by \(signed.signer?.description ?? "?")\n")
    } catch {
      throw ModelSupport.cliError(error)
    }
  }

  /// The signer of a secret seed; exit 69 when this machine has no Ed25519 library.
  private static func signer(_ secret: [UInt8]) throws(CLIError) -> Ed25519.Signer {
    do throws(Ed25519.Unavailable) {
      return try Ed25519.Signer(secret: secret)
    } catch {
      throw .unavailable(error.description)
    }
  }
}
