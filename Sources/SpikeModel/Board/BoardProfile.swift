import Foundation
import SpikeSystem

/// A board profile (`firmware-config/<board>.json`): the memory budget, network input
/// and timing, the limits of the network it can run, number formats, camera and ring sizes.
/// Everything on the streaming path is sized from it. Field meanings and sources of the numbers
/// are in `firmware-config/README.md`.
public struct BoardProfile: Sendable, Equatable, Codable {
  /// Network input: `width`×`height` after the area downscale to `scaledHeight` and centre crop.
  public struct Input: Sendable, Equatable, Codable {
    public var width, height, scaledHeight: Int
  }

  /// Largest network the board runs.
  public struct Limits: Sendable, Equatable, Codable {
    public var maxLayers: Int
    public var maxNeuronsPerLayer: Int
    public var maxNeuronsTotal: Int
    /// Spike input channels (pixels × encoder channels).
    public var maxInputs: Int
    public var maxFanIn: Int
    public var maxAttentionWidth: Int
    public var maxHeads: Int
    public var maxMlpWidth: Int
    public var maxClasses: Int
  }

  /// Bit widths of the number formats (docs/ARCHITECTURE.md, "Number formats").
  public struct Bits: Sendable, Equatable, Codable {
    public var weight: Int
    /// Synaptic current, membrane and threshold state.
    public var state: Int
    public var activation: Int
    public var accumulator: Int
    public var trace: Int
    public var eligibility: Int
  }

  /// The camera the board captures from.
  public struct Camera: Sendable, Equatable, Codable {
    public var device: String
    public var width: Int
    public var height: Int
    /// V4L2 fourcc: `MJPG`, `YUYV` or `GREY`.
    public var pixelFormat: String
    public var fps: Int
  }

  /// Buffers between stages (docs/ARCHITECTURE.md, "Data flow").
  public struct Rings: Sendable, Equatable, Codable {
    /// V4L2 mmap capture buffers.
    public var captureBuffers: Int
    /// Frame ring slots (capture thread → classifier).
    public var frameSlots: Int
    /// Feature ring slots (per-frame feature vectors for the attention window).
    public var featureSlots: Int
  }

  /// Present on chips whose spiking layers run on neurocores with their own memory.
  public struct Neuromorphic: Sendable, Equatable, Codable {
    public var cores: Int
    public var maxNeuronsPerCore: Int
    /// Synaptic memory of one core (weights, state, traces of the neurons it holds).
    public var coreMemoryBytes: Int
  }

  public var name: String
  public var description: String
  /// Bytes the streaming path may use on the host (CPU boards: everything).
  public var memoryBudgetBytes: Int
  public var input: Input
  /// Timesteps per frame (T).
  public var timesteps: Int
  /// Frames in the attention window (K).
  public var window: Int
  public var limits: Limits
  public var bits: Bits
  public var camera: Camera
  public var rings: Rings
  public var neuromorphic: Neuromorphic?
  /// Public keys (`ed25519:` and 64 hex digits) whose signature a model needs to run on this
  /// board; absent or empty: no signature required (docs/SECURITY.md).
  public var trustedKeys: [String]?

  /// `trustedKeys`, parsed (validation refuses a profile with a malformed key).
  public var signers: [TrustedKey] { (trustedKeys ?? []).compactMap(TrustedKey.init) }

  /// The JSON key of every field, by object, for the unknown-field check.
  static let knownKeys: [String: Set<String>] = [
    "": [
      "name", "description", "memory_budget_bytes", "input", "timesteps", "window", "limits",
      "bits",
      "camera", "rings", "neuromorphic", "trusted_keys",
    ],
    "input": ["width", "height", "scaled_height"],
    "limits": [
      "max_layers", "max_neurons_per_layer", "max_neurons_total", "max_inputs", "max_fan_in",
      "max_attention_width", "max_heads", "max_mlp_width", "max_classes",
    ],
    "bits": ["weight", "state", "activation", "accumulator", "trace", "eligibility"],
    "camera": ["device", "width", "height", "pixel_format", "fps"],
    "rings": ["capture_buffers", "frame_slots", "feature_slots"],
    "neuromorphic": ["cores", "max_neurons_per_core", "core_memory_bytes"],
  ]

  /// Largest profile file read.
  static let maxFileBytes = 1 << 20

  /// Reads and validates the profile at `path`.
  public static func load(path: String) throws(BoardProfileError) -> BoardProfile {
    let bytes: [UInt8]
    do throws(FileError) {
      // Never blocks: a FIFO or device given as --board is refused, not opened.
      bytes = try InputFile.read(path, limit: maxFileBytes)
    } catch {
      throw .unreadable(file: path, reason: error.reason)
    }
    return try parse(Data(bytes), file: path)
  }

  /// Parses and validates profile JSON; `file` names it in errors.
  public static func parse(_ data: Data, file: String) throws(BoardProfileError) -> BoardProfile {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw .malformedJSON(file: file, reason: "\(error.localizedDescription)")
    }
    guard let top = object as? [String: Any] else {
      throw .wrongType(file: file, field: "(top level)", expected: "a JSON object")
    }
    for (key, value) in top {
      guard let known = knownKeys[""], known.contains(key) else {
        throw .unknownField(file: file, field: key)
      }
      if let nested = knownKeys[key] {
        guard let members = value as? [String: Any] else {
          throw .wrongType(file: file, field: key, expected: "an object")
        }
        for member in members.keys where !nested.contains(member) {
          throw .unknownField(file: file, field: key + "." + member)
        }
      }
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let profile: BoardProfile
    do {
      profile = try decoder.decode(BoardProfile.self, from: data)
    } catch let error as DecodingError {
      throw Self.describe(error, file: file)
    } catch {
      throw .malformedJSON(file: file, reason: "\(error)")
    }
    try profile.validate(file: file)
    return profile
  }

  /// `maxNeuronsPerLayer` → `max_neurons_per_layer`: the JSON spelling, for messages.
  static func snakeCase(_ name: String) -> String {
    var out = ""
    for c in name {
      if c.isUppercase {
        out += "_" + c.lowercased()
      } else {
        out.append(c)
      }
    }
    return out
  }

  static func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
    (keys + (last.map { [$0] } ?? [])).map { snakeCase($0.stringValue) }.joined(separator: ".")
  }

  static func describe(_ error: DecodingError, file: String) -> BoardProfileError {
    switch error {
    case .keyNotFound(let key, let context):
      return .missingField(file: file, field: path(context.codingPath, key))
    case .typeMismatch(let type, let context):
      return .wrongType(file: file, field: path(context.codingPath), expected: typeName(type))
    case .valueNotFound(let type, let context):
      return .wrongType(file: file, field: path(context.codingPath), expected: typeName(type))
    case .dataCorrupted(let context):
      return .wrongType(
        file: file, field: path(context.codingPath), expected: "valid (\(context.debugDescription))"
      )
    @unknown default:
      return .malformedJSON(file: file, reason: "\(error)")
    }
  }

  static func typeName(_ type: Any.Type) -> String {
    if type == Int.self { return "a whole number" }
    if type == String.self { return "a string" }
    return "\(type)"
  }
}
