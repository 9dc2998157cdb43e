// Not on the integer path: this names the float head's activations so calibration can read
// their values (Float) off the float twin. The integer head never uses it.

import SpikeCore
import SpikeReference

/// The int8 activations of the attention head whose scales calibration picks, in file order.
public enum AttentionActivation: String, CaseIterable, Codable, Sendable {
  case embedded, queries, keys, values, attended, attentionOut, normalized1, mlpHidden, mlpOut
  case normalized2, pooled

  /// The head's values of this activation after its last run: the float head's after
  /// `forward`, the integer head's after `classify`.
  public func values<Head: AttentionActivations>(of head: Head) -> [Head.Value] {
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

/// An attention head of either twin, as calibration and quantization reports read it: the same
/// activations under the same names, in the twin's numbers.
public protocol AttentionActivations {
  /// `Float` in the float twin, `Int16` (int8 or 12-bit values) in the integer head.
  associatedtype Value
  var embedded: [Value] { get }
  var queries: [Value] { get }
  var keys: [Value] { get }
  var values: [Value] { get }
  var attended: [Value] { get }
  var attentionOut: [Value] { get }
  var normalized1: [Value] { get }
  var mlpHidden: [Value] { get }
  var mlpOut: [Value] { get }
  var normalized2: [Value] { get }
  var pooled: [Value] { get }
}

extension FloatAttentionHead: AttentionActivations {}
extension AttentionHead8: AttentionActivations {}
