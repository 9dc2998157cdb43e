/// Every buffer a network needs on a board, itemised, with the totals against the board's
/// budgets. `check()` refuses a network that does not fit and puts this map in the message.
///
/// What is counted (bytes): V4L2 capture buffers (2 bytes a pixel, the YUYV/MJPEG worst case),
/// the full-size decode buffer, the frame ring, encoder spike bit-planes (T planes of 64-bit
/// words), per spiking layer its weights, state (current, membrane, threshold at the state
/// width, a refractory byte), spike planes, STDP traces and R-STDP eligibility, the feature ring,
/// and the attention block's int8 weights, int32 biases, requantization multipliers and
/// activations. On a neuromorphic board the spiking layers count against the cores' memory, the
/// rest against the host's budget.
public struct MemoryMap: Sendable, Equatable, CustomStringConvertible {
  /// Where an item lives.
  public enum Place: String, Sendable { case host, cores }

  /// One line of the map.
  public struct Item: Sendable, Equatable {
    public var name: String
    public var bytes: Int
    public var place: Place
    /// How the size was computed.
    public var detail: String
  }

  public var board: String
  public var items: [Item]
  /// Host budget (the profile's `memory_budget_bytes`).
  public var hostBudget: Int
  /// Total core memory (cores × `core_memory_bytes`), nil on CPU boards.
  public var coreBudget: Int?
  /// Cores the spiking layers need (neurons and synaptic memory per core), nil on CPU boards.
  public var coresNeeded: Int?
  /// Cores on the chip, nil on CPU boards.
  public var coresAvailable: Int?

  public var hostBytes: Int { items.filter { $0.place == .host }.reduce(0) { $0 + $1.bytes } }
  public var coreBytes: Int { items.filter { $0.place == .cores }.reduce(0) { $0 + $1.bytes } }

  /// Itemises `network` on `profile`. Sizes are computed with overflow checks off the hot path;
  /// absurd sizes saturate rather than trap.
  public init(network: NetworkFootprint, profile: BoardProfile) {
    board = profile.name
    hostBudget = profile.memoryBudgetBytes
    var items: [Item] = []
    func add(_ name: String, _ bytes: Int, _ place: Place = .host, _ detail: String) {
      items.append(Item(name: name, bytes: bytes, place: place, detail: detail))
    }
    func mul(_ values: Int...) -> Int {
      values.reduce(1) { a, b in
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max / 4 : p
      }
    }
    let camera = profile.camera
    let input = profile.input
    let t = profile.timesteps
    let stateBytes = profile.bits.state <= 16 ? 2 : 4
    let weightBytes = 1
    add(
      "capture buffers", mul(profile.rings.captureBuffers, camera.width, camera.height, 2), .host,
      "\(profile.rings.captureBuffers) × \(camera.width)×\(camera.height) × 2")
    add(
      "decode buffer", mul(camera.width, camera.height), .host,
      "\(camera.width)×\(camera.height) luma")
    add(
      "frame ring", mul(profile.rings.frameSlots, input.width, input.height), .host,
      "\(profile.rings.frameSlots) × \(input.width)×\(input.height)")
    add(
      "encoder frames", mul(network.encoderFrames, input.width, input.height), .host,
      "\(network.encoderFrames) × \(input.width)×\(input.height)"
        + [" (reference)", " (reference, previous: adaptive step)",
          " (reference, previous, shifted: pan search)"][min(max(network.encoderFrames, 1), 3) - 1])
    let inputs = mul(input.width, input.height, network.encoderChannels)
    add("encoder spike planes", mul(t, (inputs + 63) / 64, 8), .host, "\(t) × ⌈\(inputs)/64⌉ × 8")
    let spikingPlace: Place = profile.neuromorphic == nil ? .host : .cores
    var previous = inputs
    var cores = 0
    for layer in network.layers {
      let n = layer.neurons
      var layerBytes = 0
      func addLayer(_ what: String, _ bytes: Int, _ detail: String) {
        add("\(layer.name) \(what)", bytes, spikingPlace, detail)
        layerBytes += bytes
      }
      addLayer(
        "weights", mul(n, layer.fanIn, weightBytes), "\(n) × \(layer.fanIn) × \(weightBytes)")
      if spikingPlace == .host, let index = layer.hostIndexBytes {
        // Where each connected weight is: row and block lists (SynapseLayout).
        addLayer("synapse index", index, "row and block lists of the connected synapses")
      }
      addLayer("state", mul(n, 3 * stateBytes + 1), "\(n) × (3 × \(stateBytes) + 1)")
      addLayer("spike planes", mul(t, (n + 63) / 64, 8), "\(t) × ⌈\(n)/64⌉ × 8")
      if layer.learning {
        addLayer("STDP traces", previous + n, "\(previous) pre + \(n) post")
      }
      if layer.rewardModulated {
        addLayer("eligibility", mul(n, layer.fanIn, 2), "\(n) × \(layer.fanIn) × 2")
      }
      if let chip = profile.neuromorphic {
        let byNeurons = (n + chip.maxNeuronsPerCore - 1) / chip.maxNeuronsPerCore
        let byMemory = (layerBytes + chip.coreMemoryBytes - 1) / chip.coreMemoryBytes
        cores += max(byNeurons, byMemory)
      }
      previous = n
    }
    let features = network.featureWidth
    add(
      "feature ring", mul(profile.rings.featureSlots, features), .host,
      "\(profile.rings.featureSlots) × \(features)")
    if let attention = network.attention {
      let d = attention.width
      let m = attention.hidden
      let k = profile.window
      let c = network.classes
      let h = attention.heads
      add(
        "attention weights", mul(features, d) + mul(4, d, d) + mul(2, d, m) + mul(d, c), .host,
        "\(features)×\(d) + 4×\(d)² + 2×\(d)×\(m) + \(d)×\(c) int8")
      add(
        "attention biases and multipliers", mul(5 * d + m + c, 4) + mul(5 * d + m + c, 8), .host,
        "(5×\(d) + \(m) + \(c)) × (4 bias + 8 multiplier/shift)")
      add(
        "attention activations", mul(k, 6 * d + m, 2) + mul(h, k, k, 4 + 2) + mul(c, 4), .host,
        "\(k)×(6×\(d) + \(m))×2 (Int16) + \(h)×\(k)²×(4 + 2) + \(c)×4")
    } else {
      add("class counters", mul(network.classes, 4), .host, "\(network.classes) × 4")
    }
    self.items = items
    if let chip = profile.neuromorphic {
      coreBudget = mul(chip.cores, chip.coreMemoryBytes)
      coresNeeded = cores
      coresAvailable = chip.cores
    } else {
      coreBudget = nil
      coresNeeded = nil
      coresAvailable = nil
    }
  }

  /// Refuses a network that does not fit: host bytes over the budget, or (neuromorphic) more
  /// core memory or more cores than the chip has.
  public func check() throws(BoardProfileError) {
    if hostBytes > hostBudget {
      throw .doesNotFit(
        board: board, needed: hostBytes, available: hostBudget, unit: "bytes of host memory",
        map: description)
    }
    if let coreBudget, coreBytes > coreBudget {
      throw .doesNotFit(
        board: board, needed: coreBytes, available: coreBudget, unit: "bytes of core memory",
        map: description)
    }
    if let coresNeeded, let coresAvailable, coresNeeded > coresAvailable {
      throw .doesNotFit(
        board: board, needed: coresNeeded, available: coresAvailable, unit: "neurocores",
        map: description)
    }
  }

  public var description: String {
    var lines = ["memory map on \(board):"]
    let width = max(24, items.map(\.name.count).max() ?? 0)
    for item in items {
      let name = item.name.padding(toLength: width)
      let bytes = String(item.bytes).leftPadded(toLength: 12)
      lines.append(
        "  \(name) \(bytes) B  \(item.place.rawValue.padding(toLength: 5))  \(item.detail)")
    }
    let hostLine = "host".padding(toLength: width)
    lines.append(
      "  \(hostLine) \(String(hostBytes).leftPadded(toLength: 12)) B  of \(hostBudget) budget")
    if let coreBudget {
      let coreLine = "cores".padding(toLength: width)
      lines.append(
        "  \(coreLine) \(String(coreBytes).leftPadded(toLength: 12)) B  of \(coreBudget) on the chip,"
          + " \(coresNeeded ?? 0) of \(coresAvailable ?? 0) cores needed")
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  fileprivate func padding(toLength length: Int) -> String {
    count >= length ? self : self + String(repeating: " ", count: length - count)
  }

  fileprivate func leftPadded(toLength length: Int) -> String {
    count >= length ? self : String(repeating: " ", count: length - count) + self
  }
}
