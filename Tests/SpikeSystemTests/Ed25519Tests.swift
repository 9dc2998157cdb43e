import SpikeSignature
import SpikeSystem
import Testing

/// The signature seam against RFC 8032's first test vector, and a round trip.
@Suite struct Ed25519Tests {
  @Test func rfc8032TestOne() throws {
    let secret = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")!
    let publicKey = Hex.decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")!
    let signature = Hex.decode(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")!
    let signer = try Ed25519.Signer(secret: secret)
    #expect(signer.publicKey == publicKey)
    #expect(signer.sign([]) == signature)
    #expect(try Ed25519.verify(signature, of: [], publicKey: publicKey))
    #expect(try !Ed25519.verify(signature, of: [0], publicKey: publicKey))
  }

  @Test func roundTripAndTampering() throws {
    let signer = try Ed25519.Signer(secret: SystemRandom.bytes(32))
    let key = signer.publicKey
    let message = Array("spikecam-model-sha256:00".utf8)
    var signature = signer.sign(message)
    #expect(try Ed25519.verify(signature, of: message, publicKey: key))
    signature[5] ^= 1
    #expect(try !Ed25519.verify(signature, of: message, publicKey: key))
    #expect(try !Ed25519.verify([1, 2, 3], of: message, publicKey: key))
  }
}
