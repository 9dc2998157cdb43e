import SpikeSystem
extension BoardProfile {
  /// Pixel formats the capture path decodes.
  public static let pixelFormats: Set<String> = ["MJPG", "YUYV", "GREY"]

  /// Checks every field's range; the error names the field in its JSON spelling.
  public func validate(file: String) throws(BoardProfileError) {
    func check(_ field: String, _ value: Int, _ range: ClosedRange<Int>) throws(BoardProfileError) {
      guard range.contains(value) else {
        throw .outOfRange(
          file: file, field: field, value: String(value),
          allowed: "\(range.lowerBound) to \(range.upperBound)")
      }
    }
    for (n, key) in (trustedKeys ?? []).enumerated() where TrustedKey(key) == nil {
      throw .outOfRange(
        file: file, field: "trusted_keys[\(n)]", value: "'\(TerminalText.safe(key))'",
        allowed: "'ed25519:' and 64 hex digits (a NAME.pub from `spikecam keygen`)")
    }
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    else {
      throw .outOfRange(
        file: file, field: "name", value: "'\(name)'", allowed: "letters, digits, '-' and '_'")
    }
    try check("memory_budget_bytes", memoryBudgetBytes, 4096...(1 << 40))
    try check("input.width", input.width, 1...1024)
    try check("input.height", input.height, 1...1024)
    try check("input.scaled_height", input.scaledHeight, input.height...4096)
    try check("timesteps", timesteps, 1...256)
    try check("window", window, 1...256)
    try check("limits.max_layers", limits.maxLayers, 1...16)
    try check("limits.max_neurons_per_layer", limits.maxNeuronsPerLayer, 1...(1 << 24))
    try check(
      "limits.max_neurons_total", limits.maxNeuronsTotal, limits.maxNeuronsPerLayer...(1 << 26))
    try check("limits.max_inputs", limits.maxInputs, 1...(1 << 24))
    try check("limits.max_fan_in", limits.maxFanIn, 1...(1 << 24))
    try check("limits.max_attention_width", limits.maxAttentionWidth, 1...4096)
    try check("limits.max_heads", limits.maxHeads, 1...limits.maxAttentionWidth)
    try check("limits.max_mlp_width", limits.maxMlpWidth, 1...16384)
    try check("limits.max_classes", limits.maxClasses, 2...65536)
    // Int8 weights, 24-bit state in Int32, attention activations of up to 16 bits (the head
    // runs 8 or 12), Int32 accumulators (docs/ARCHITECTURE.md, "Number formats").
    try check("bits.weight", bits.weight, 2...8)
    try check("bits.state", bits.state, 8...24)
    try check("bits.activation", bits.activation, 8...16)
    try check("bits.accumulator", bits.accumulator, 16...32)
    try check("bits.trace", bits.trace, 1...8)
    try check("bits.eligibility", bits.eligibility, 8...16)
    guard camera.device.hasPrefix("/dev/"), camera.device.count > 5 else {
      throw .outOfRange(
        file: file, field: "camera.device", value: "'\(camera.device)'", allowed: "a /dev/… path")
    }
    try check("camera.width", camera.width, 16...8192)
    try check("camera.height", camera.height, 16...8192)
    guard Self.pixelFormats.contains(camera.pixelFormat) else {
      throw .outOfRange(
        file: file, field: "camera.pixel_format", value: "'\(camera.pixelFormat)'",
        allowed: Self.pixelFormats.sorted().joined(separator: ", "))
    }
    try check("camera.fps", camera.fps, 1...240)
    try check("rings.capture_buffers", rings.captureBuffers, 2...32)
    try check("rings.frame_slots", rings.frameSlots, 1...256)
    try check("rings.feature_slots", rings.featureSlots, window...4096)
    if let chip = neuromorphic {
      try check("neuromorphic.cores", chip.cores, 1...4096)
      try check("neuromorphic.max_neurons_per_core", chip.maxNeuronsPerCore, 1...(1 << 20))
      try check("neuromorphic.core_memory_bytes", chip.coreMemoryBytes, 1024...(1 << 32))
    }
  }
}
