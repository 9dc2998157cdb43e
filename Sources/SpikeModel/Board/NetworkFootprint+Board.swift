extension NetworkFootprint {
  /// Checks the network against the board's limits, then its memory; returns the memory map
  /// when it fits. Run before anything is allocated.
  @discardableResult
  public func check(on profile: BoardProfile) throws(BoardProfileError) -> MemoryMap {
    let board = profile.name
    let limits = profile.limits
    func limit(_ field: String, _ value: Int, _ maximum: Int, _ what: String)
      throws(BoardProfileError)
    {
      guard value <= maximum else {
        throw .exceedsLimit(board: board, field: field, value: value, limit: maximum, what: what)
      }
    }
    guard !layers.isEmpty, encoderChannels >= 1, classes >= 2 else {
      throw .exceedsLimit(
        board: board, field: "limits.max_layers", value: layers.count, limit: limits.maxLayers,
        what:
          "a network needs at least one spiking layer, one encoder channel and two classes; this one"
      )
    }
    try limit("limits.max_layers", layers.count, limits.maxLayers, "the number of spiking layers")
    let inputs = profile.input.width * profile.input.height * encoderChannels
    try limit(
      "limits.max_inputs", inputs, limits.maxInputs,
      "the spike input count (\(profile.input.width)×\(profile.input.height) pixels × "
        + "\(encoderChannels) channels)")
    var previous = inputs
    for layer in layers {
      try limit(
        "limits.max_neurons_per_layer", layer.neurons, limits.maxNeuronsPerLayer,
        "layer \(layer.name)'s size")
      try limit("limits.max_fan_in", layer.fanIn, limits.maxFanIn, "layer \(layer.name)'s fan-in")
      try limit(
        "(previous layer size)", layer.fanIn - layer.extraInputs, previous,
        "layer \(layer.name)'s fan-in")
      guard layer.neurons >= 1, layer.fanIn >= 1 else {
        throw .exceedsLimit(
          board: board, field: "limits.max_neurons_per_layer", value: layer.neurons,
          limit: limits.maxNeuronsPerLayer, what: "layer \(layer.name) is empty; its size")
      }
      previous = layer.neurons
    }
    try limit(
      "limits.max_neurons_total", layers.reduce(0) { $0 + $1.neurons }, limits.maxNeuronsTotal,
      "the total neuron count")
    try limit("limits.max_classes", classes, limits.maxClasses, "the class count")
    if let attention {
      try limit(
        "limits.max_attention_width", attention.width, limits.maxAttentionWidth,
        "the attention width")
      try limit("limits.max_heads", attention.heads, limits.maxHeads, "the head count")
      try limit("limits.max_mlp_width", attention.hidden, limits.maxMlpWidth, "the MLP width")
      guard attention.heads >= 1, attention.width % attention.heads == 0 else {
        throw .exceedsLimit(
          board: board, field: "limits.max_heads", value: attention.heads, limit: limits.maxHeads,
          what: "the attention width \(attention.width) must divide into heads; the head count")
      }
    }
    let map = MemoryMap(network: self, profile: profile)
    try map.check()
    return map
  }
}
