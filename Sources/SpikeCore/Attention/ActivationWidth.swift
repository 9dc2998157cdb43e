/// How wide the attention head's activations are (docs/ARCHITECTURE.md, "Number formats"):
/// int8, or 12-bit values held in Int16. Weights stay int8 either way.
///
/// Twelve bits is the widest that keeps every sum of the head inside Int32 at the sizes
/// `AttentionConfig` allows (a 12-bit activation times an int8 weight, over 4096 inputs, is
/// below 2³⁰), with one limit of its own: `Q·Kᵀ` multiplies two activations, so a 12-bit head
/// is at most 256 wide per attention head.
public struct ActivationWidth: Sendable, Equatable {
  /// Bits per activation, sign included: 8 or 12.
  public let bits: Int

  /// TFLite's int8 activations.
  public static let int8 = ActivationWidth(checked: 8)
  /// 12-bit activations in Int16 storage.
  public static let int12 = ActivationWidth(checked: 12)
  /// Every width the head runs.
  public static let supported = [int8, int12]

  private init(checked bits: Int) { self.bits = bits }

  /// The width of `bits` bits, or nil when the head does not run it.
  public init?(bits: Int) {
    guard let width = Self.supported.first(where: { $0.bits == bits }) else { return nil }
    self = width
  }

  /// The width a model file's `activation_bits` names (`"8"` or `"12"`, byte for byte), or nil:
  /// the host's and the board's readers both parse it here, so they accept the same texts.
  public init?(named text: String) {
    guard let width = Self.supported.first(where: { text.utf8.elementsEqual("\($0.bits)".utf8) })
    else { return nil }
    self = width
  }

  /// The supported widths for a message: "8 or 12".
  public static var choices: String {
    var text = ""
    for (i, width) in supported.enumerated() {
      if i > 0 { text += i == supported.count - 1 ? " or " : ", " }
      text += "\(width.bits)"
    }
    return text
  }

  /// Largest value, and the symmetric quantizer's step count: 127 or 2047.
  public var upper: Int32 { (1 << Int32(bits - 1)) - 1 }
  /// Smallest value: −128 or −2048 (zero point 0, as TFLite's int8).
  public var lower: Int32 { -(1 << Int32(bits - 1)) }
  /// Widest attention head (`width / heads`) whose `Q·Kᵀ` sums stay inside Int32.
  public var largestHeadWidth: Int { bits <= 8 ? 1024 : 256 }
}
