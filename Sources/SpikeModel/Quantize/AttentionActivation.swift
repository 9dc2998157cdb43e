// Not on the integer path: this names the float head's activations so calibration can read
// their values (Float) off the float twin. The integer head never uses it.

import SpikeCore
import SpikeReference

/// The int8 activations of the attention head whose scales calibration picks, in file order.
public enum AttentionActivation: String, CaseIterable, Codable, Sendable {
  case embedded, queries, keys, values, attended, attentionOut, normalized1, mlpHidden, mlpOut
  case normalized2, pooled

  /// The float head's values of this activation after `forward`.
  public func values(of head: FloatAttentionHead) -> [Float] {
    switch self {
    case .embedded: head.embedded
    case .queries: head.queries
    case .keys: head.keys
    case .values: head.values
    case .attended: head.attended
    case .attentionOut: head.attentionOut
    case .normalized1: head.normalized1
    case .mlpHidden: head.mlpHidden
    case .mlpOut: head.mlpOut
    case .normalized2: head.normalized2
    case .pooled: head.pooled
    }
  }

  /// The integer head's values of this activation after `classify`.
  public func values(of head: AttentionHead8) -> [Int8] {
    switch self {
    case .embedded: head.embedded
    case .queries: head.queries
    case .keys: head.keys
    case .values: head.values
    case .attended: head.attended
    case .attentionOut: head.attentionOut
    case .normalized1: head.normalized1
    case .mlpHidden: head.mlpHidden
    case .mlpOut: head.mlpOut
    case .normalized2: head.normalized2
    case .pooled: head.pooled
    }
  }
}
