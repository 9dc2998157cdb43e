import SpikeCore

#if canImport(SpikeSystem)
  import SpikeSystem  // the package build; the board programs compile ClassName in
#endif

/// An int8 attention-head classifier read from its model file (docs/MODEL_FORMAT.md,
/// "Classifier models") with the checks the host reader makes, built into SpikeCore's
/// `ClassifierPipeline`. Floating point is never read: the file's `scales` tensor is the host's
/// report of real scales and inference does not use it.
public struct BoardModel {
  /// The front end's sizes (frame width × height, K).
  public let config: PipelineConfig
  /// The integer classifier, ready to `push` frames.
  public var pipeline: ClassifierPipeline<SpikeFeatureExtractor, AttentionHead8>
  /// Class names, index = class id.
  public let classNames: [String]
  /// The id the model goes by in `spikecam run`'s lines (`ModelIdentity`).
  public let identity: String

  public init(_ image: SafetensorsImage) throws(BoardError) {
    let file = image.file
    func bad(_ field: String, _ reason: String) -> BoardError {
      .model(file, "__metadata__.\(field)", reason)
    }
    func requireMetadata(_ key: String, _ value: String, _ hint: String) throws(BoardError) {
      let found = image.metadata(key) ?? "missing"
      guard found.utf8.elementsEqual(value.utf8) else {
        throw bad(key, "is '\(found)', expected '\(value)'\(hint)")
      }
    }
    try requireMetadata(
      "format", "spikecam.classifier", " (a full classifier from `spikecam quantize`)")
    let version = image.metadata("format_version") ?? "missing"
    let hasDigest = version.utf8.elementsEqual("2".utf8) || version.utf8.elementsEqual("3".utf8)
    guard hasDigest || version.utf8.elementsEqual("1".utf8) else {
      throw bad("format_version", "is '\(version)', expected '1', '2' or '3'")
    }
    if hasDigest, image.metadata("sha256") == nil {
      throw bad("sha256", "missing: a format-\(version) model carries its whole-file digest")
    }
    try requireMetadata("kind", "int8", " (quantize the float model with `spikecam quantize`)")
    if let head = image.metadata("head"), !head.utf8.elementsEqual("attention".utf8) {
      throw bad("head", "is '\(head)'; the board program runs attention-head models")
    }
    guard image.metadata("crc32") != nil else {
      throw bad("crc32", "missing: re-export the model so its tensor bytes can be verified")
    }
    let activations = try Self.activations(image, bad)
    let head = try Self.attentionConfig(image, activations, bad)
    let pipelineConfig = try Self.pipelineConfig(image, bad)
    guard head.features == pipelineConfig.features, head.tokens == pipelineConfig.tokens else {
      throw .model(
        file, "__metadata__.config",
        "the head takes \(head.tokens)×\(head.features), the front end makes "
          + "\(pipelineConfig.tokens)×\(pipelineConfig.features)")
    }
    classNames = try Self.classNames(image, count: head.classes, bad)
    identity = ModelIdentity.of(image.layout)
    config = pipelineConfig
    let p = pipelineConfig
    let (weights, theta): ([Int8], [Int32])
    let parameters: AttentionParameters8
    do throws(SafetensorsProblem) {
      (weights, theta) = try FrontEndTensors8.read(image.layout, image.bytes, p)
      parameters = try AttentionTensors8.read(image.layout, image.bytes, head, activations)
    } catch {
      throw .model(file, error.field, error.reason)
    }
    do throws(ConfigError) {
      pipeline = try ClassifierPipeline(
        extractor: SpikeFeatureExtractor(config: p, storedWeights: weights, theta: theta),
        head: AttentionHead8(config: head, parameters: parameters))
    } catch {
      throw .model(file, "__metadata__.pipeline", error.description)
    }
  }

  /// `__metadata__.activation_bits`: the head's activation width (absent: int8).
  private static func activations(
    _ image: SafetensorsImage, _ bad: (String, String) -> BoardError
  ) throws(BoardError) -> ActivationWidth {
    guard let text = image.metadata("activation_bits") else { return .int8 }
    guard let width = ActivationWidth(named: text) else {
      throw bad("activation_bits", "is '\(text)', expected \(ActivationWidth.choices)")
    }
    return width
  }

  /// `__metadata__.config`: the head's sizes, checked at its activation width.
  private static func attentionConfig(
    _ image: SafetensorsImage, _ activations: ActivationWidth,
    _ bad: (String, String) -> BoardError
  ) throws(BoardError) -> AttentionConfig {
    let invalid = bad("config", "missing or not a valid attention config JSON")
    guard let json = try image.json("config") else { throw invalid }
    guard let tokens = json["tokens"]?.int, let features = json["features"]?.int,
      let width = json["width"]?.int, let heads = json["heads"]?.int,
      let hidden = json["hidden"]?.int, let classes = json["classes"]?.int
    else { throw invalid }
    let config = AttentionConfig(
      tokens: tokens, features: features, width: width, heads: heads, hidden: hidden,
      classes: classes)
    if let problem = config.problem(activations: activations) {
      throw .model(image.file, "__metadata__.config", problem)
    }
    return config
  }

  /// `__metadata__.pipeline`: the front end (`PipelineConfig+Codable` on the host writes it).
  private static func pipelineConfig(
    _ image: SafetensorsImage, _ bad: (String, String) -> BoardError
  ) throws(BoardError) -> PipelineConfig {
    let invalid = bad("pipeline", "missing or not a valid pipeline config JSON")
    guard let json = try image.json("pipeline") else { throw invalid }
    guard let width = json["width"]?.int, let height = json["height"]?.int,
      let timesteps = json["timesteps"]?.int, let eventThreshold = json["eventThreshold"]?.int,
      let delayLine = json["delayLine"]?.bool, let patch = json["patch"]?.int,
      let stride = json["stride"]?.int, let perColumn = json["perColumn"]?.int,
      let winners = json["winners"]?.int, let poolShift = json["poolShift"]?.int,
      let tokens = json["tokens"]?.int, let seedValue = json["seed"]?.int64,
      let seed = UInt32(exactly: seedValue)
    else { throw invalid }
    // Optional keys: absent in files written before they existed.
    var panSearch = 0
    if let value = json["panSearch"] {
      guard let n = value.int else { throw invalid }
      panSearch = n
    }
    var consensus: PanConsensus?
    if let value = json["panConsensus"] {
      guard let grid = value["grid"]?.int, let margin = value["margin"]?.int,
        let quorum = value["quorum"]?.int
      else { throw invalid }
      consensus = PanConsensus(grid: grid, margin: margin, quorum: quorum)
    }
    var adaptation: EventThresholdAdaptation?
    if let value = json["adaptiveThreshold"] {
      guard let reference = value["rangeReference"]?.int, let gain = value["noiseGain"]?.int,
        let minimum = value["minimum"]?.int, let maximum = value["maximum"]?.int
      else { throw invalid }
      adaptation = EventThresholdAdaptation(
        rangeReference: reference, noiseGain: gain, minimum: minimum, maximum: maximum)
    }
    // A key this reader does not know would change what the host computes: refuse the file
    // rather than run a different network than the one it describes.
    let known = [
      "width", "height", "timesteps", "eventThreshold", "delayLine", "patch", "stride",
      "perColumn", "winners", "poolShift", "tokens", "seed", "panSearch", "panConsensus",
      "adaptiveThreshold", "encoder",
    ]
    for member in json.members ?? []
    where !known.contains(where: { $0.utf8.elementsEqual(member.key.utf8) }) {
      throw bad(
        "pipeline",
        "has '\(member.key)', which this board build does not run: rebuild spikecam-board from the same source as spikecam"
      )
    }
    var encoder = PipelineEncoder.frameDifference
    if let value = json["encoder"] {
      guard let name = value.stringValue, let named = Self.encoder(named: name) else {
        throw bad("pipeline", "encoder is not one this build knows")
      }
      encoder = named
    }
    let config = PipelineConfig(
      width: width, height: height, timesteps: timesteps, eventThreshold: eventThreshold,
      delayLine: delayLine, patch: patch, stride: stride, perColumn: perColumn,
      winners: winners, poolShift: poolShift, tokens: tokens, seed: seed,
      panSearch: panSearch, panConsensus: consensus, adaptiveThreshold: adaptation,
      encoder: encoder)
    do throws(ConfigError) {
      try config.validate()
    } catch {
      throw .model(image.file, "__metadata__.pipeline", error.description)
    }
    return config
  }

  /// The encoder whose `name` is `name` (the names come from SpikeCore, not a second table).
  static func encoder(named name: String) -> PipelineEncoder? {
    var candidates: [PipelineEncoder] = [.frameDifference, .ttfs, .rate, .poisson]
    for fields in 1...16 { candidates.append(.gaussian(fields: fields)) }
    for c in candidates where c.name.utf8.elementsEqual(name.utf8) { return c }
    return nil
  }

  /// `__metadata__.classes`: one name per class.
  private static func classNames(
    _ image: SafetensorsImage, count: Int, _ bad: (String, String) -> BoardError
  ) throws(BoardError) -> [String] {
    let invalid = bad("classes", "missing, or not a JSON list of \(count) names")
    guard let json = try image.json("classes") else { throw invalid }
    guard let items = json.array, items.count == count else { throw invalid }
    var names: [String] = []
    for item in items {
      guard let name = item.stringValue else { throw invalid }
      // The host's rule: a name is one printable line, so it cannot inject into the JSON lines
      // or a terminal.
      if let problem = ClassName.problem(name) { throw bad("classes", problem) }
      names.append(name)
    }
    return names
  }
}
