/// Which synapses of a projection exist, and where each one's weight is stored, built once at
/// init. A sparse projection stores only its connected synapses: a receptive-field layer of
/// 512 neurons over 16,384 inputs keeps 131,072 weights, not 8 Mi weights plus an 8 MiB mask.
///
/// Neurons are grouped in *blocks*: runs of consecutive neurons with the same fan-in (a
/// receptive-field column; one neuron for a random scheme; the whole layer when all-to-all).
/// Weights live in *slots* in pre-major order (input `j`, then neuron `i` ascending), the order
/// the model files pack connected synapses in; all neurons of a block that input `j` feeds sit
/// in consecutive slots. Two index lists reach them:
/// - by row (input `j`, for delivery and LTD): entries `rowStart[j] ..< rowStart[j + 1]`, each a
///   block and the slot of its first neuron;
/// - by block (neuron `i`'s fan-in, for LTP): `fanInPre[q]`, `fanInSlot[q]` for `q` in
///   `fanInStart[b] ..< fanInStart[b + 1]`, inputs ascending; neuron `i`'s slot is
///   `fanInSlot[q] + i − blockStart[b]`.
/// All-to-all keeps no lists (`isFull`): the slot of `(j, i)` is `j · postCount + i`.
public struct SynapseLayout: Sendable, Equatable {
  /// Presynaptic neurons (rows).
  public let preCount: Int
  /// Postsynaptic neurons.
  public let postCount: Int
  /// Every synapse exists; slot of `(j, i)` is `j · postCount + i` and no lists are kept.
  public let isFull: Bool
  /// Stored synapses (slots).
  public let synapseCount: Int
  /// First neuron of each block, then `postCount` (blocks + 1 values).
  public let blockStart: [Int32]
  /// Start of each block's fan-in in `fanInPre`/`fanInSlot`, then the total (blocks + 1).
  public let fanInStart: [Int32]
  /// Input of each fan-in entry, ascending within a block.
  public let fanInPre: [Int32]
  /// Slot of the block's first neuron for each fan-in entry.
  public let fanInSlot: [Int32]
  /// Block of each neuron.
  public let blockOfNeuron: [Int32]
  /// Start of each row's entries in `entrySlot`/`entryBlock`, then the total (preCount + 1).
  public let rowStart: [Int32]
  /// Slot of the block's first neuron for each row entry.
  public let entrySlot: [Int32]
  /// Block of each row entry, ascending within a row.
  public let entryBlock: [Int32]

  /// Every input to every neuron.
  public static func full(preCount: Int, postCount: Int) -> SynapseLayout {
    SynapseLayout(preCount: preCount, postCount: postCount)
  }

  private init(preCount: Int, postCount: Int) {
    self.init(
      preCount: preCount, postCount: postCount, isFull: true, synapseCount: preCount * postCount,
      blockStart: [], fanInStart: [], fanInPre: [], fanInSlot: [], blockOfNeuron: [],
      rowStart: [], entrySlot: [], entryBlock: [])
  }

  private init(
    preCount: Int, postCount: Int, isFull: Bool, synapseCount: Int, blockStart: [Int32],
    fanInStart: [Int32], fanInPre: [Int32], fanInSlot: [Int32], blockOfNeuron: [Int32],
    rowStart: [Int32], entrySlot: [Int32], entryBlock: [Int32]
  ) {
    (self.preCount, self.postCount, self.isFull, self.synapseCount, self.blockStart,
     self.fanInStart, self.fanInPre, self.fanInSlot, self.blockOfNeuron, self.rowStart,
     self.entrySlot, self.entryBlock) =
      (preCount, postCount, isFull, synapseCount, blockStart, fanInStart, fanInPre, fanInSlot,
       blockOfNeuron, rowStart, entrySlot, entryBlock)
  }

  /// Builds the lists from blocks: `blocks[b]` is the first neuron of block `b` (ascending,
  /// the first 0) and `inputs[b]` its fan-in (inputs ascending, distinct). A single block fed
  /// by every input becomes the full layout.
  public init(preCount: Int, postCount: Int, blocks: [Int], inputs: [[Int32]]) {
    precondition(blocks.count == inputs.count && blocks.first == 0 || postCount == 0)
    if blocks.count == 1 && inputs[0].count == preCount {
      self.init(preCount: preCount, postCount: postCount)
      return
    }
    let starts = blocks.map { Int32($0) } + [Int32(postCount)]
    var ofNeuron = [Int32](repeating: 0, count: postCount)
    for b in blocks.indices {
      precondition(starts[b] < starts[b + 1], "blocks must be ascending and non-empty")
      for i in Int(starts[b])..<Int(starts[b + 1]) { ofNeuron[i] = Int32(b) }
    }
    // Entries and slots per row, then prefix sums.
    var rowEntries = [Int32](repeating: 0, count: preCount + 1)
    var rowSlots = [Int](repeating: 0, count: preCount + 1)
    var fanIn = [Int32](repeating: 0, count: blocks.count + 1)
    for b in blocks.indices {
      let width = Int(starts[b + 1] - starts[b])
      fanIn[b + 1] = fanIn[b] + Int32(inputs[b].count)
      var previous: Int32 = -1
      for j in inputs[b] {
        precondition(j > previous && Int(j) < preCount, "fan-in must be ascending inputs")
        previous = j
        rowEntries[Int(j) + 1] += 1
        rowSlots[Int(j) + 1] += width
      }
    }
    for j in 0..<preCount {
      rowEntries[j + 1] += rowEntries[j]
      rowSlots[j + 1] += rowSlots[j]
    }
    let entries = Int(rowEntries[preCount])
    var slotOf = [Int32](repeating: 0, count: entries)
    var blockOf = [Int32](repeating: 0, count: entries)
    var pre = [Int32](repeating: 0, count: entries)
    var fanSlot = [Int32](repeating: 0, count: entries)
    // Blocks in ascending order fill each row's entries in ascending neuron order.
    var usedEntries = [Int32](repeating: 0, count: preCount)
    var usedSlots = [Int](repeating: 0, count: preCount)
    var q = 0
    for b in blocks.indices {
      let width = Int(starts[b + 1] - starts[b])
      for j32 in inputs[b] {
        let j = Int(j32)
        let e = Int(rowEntries[j] + usedEntries[j])
        let slot = Int32(rowSlots[j] + usedSlots[j])
        slotOf[e] = slot
        blockOf[e] = Int32(b)
        usedEntries[j] += 1
        usedSlots[j] += width
        pre[q] = j32
        fanSlot[q] = slot
        q += 1
      }
    }
    self.init(
      preCount: preCount, postCount: postCount, isFull: false, synapseCount: rowSlots[preCount],
      blockStart: starts, fanInStart: fanIn, fanInPre: pre, fanInSlot: fanSlot,
      blockOfNeuron: ofNeuron, rowStart: rowEntries, entrySlot: slotOf, entryBlock: blockOf)
  }

  /// The layout of a dense connection mask (`[j · postCount + i]`; empty = all-to-all):
  /// consecutive neurons with equal fan-in share a block.
  public init(preCount: Int, postCount: Int, mask: [Bool]) {
    if mask.isEmpty {
      self.init(preCount: preCount, postCount: postCount)
      return
    }
    precondition(mask.count == preCount * postCount, "mask size mismatch")
    var lists: [[Int32]] = []
    lists.reserveCapacity(postCount)
    for i in 0..<postCount {
      var list: [Int32] = []
      for j in 0..<preCount where mask[j * postCount + i] { list.append(Int32(j)) }
      lists.append(list)
    }
    self.init(preCount: preCount, postCount: postCount, neuronInputs: lists)
  }

  /// The layout of per-neuron fan-in lists (ascending inputs): consecutive neurons with equal
  /// lists share a block.
  public init(preCount: Int, postCount: Int, neuronInputs lists: [[Int32]]) {
    precondition(lists.count == postCount, "one fan-in list per neuron")
    var blocks: [Int] = []
    var inputs: [[Int32]] = []
    for i in 0..<postCount where i == 0 || lists[i] != lists[i - 1] {
      blocks.append(i)
      inputs.append(lists[i])
    }
    self.init(preCount: preCount, postCount: postCount, blocks: blocks, inputs: inputs)
  }

  /// Bytes of the index lists (the weights not included).
  public var indexBytes: Int {
    4 * (blockStart.count + fanInStart.count + fanInPre.count + fanInSlot.count
      + blockOfNeuron.count + rowStart.count + entrySlot.count + entryBlock.count)
  }

  /// `indexBytes` of a sparse layout with `blocks` blocks and `pairs` (input, block) pairs,
  /// before it is built (board memory maps).
  public static func indexBytes(preCount: Int, postCount: Int, blocks: Int, pairs: Int) -> Int {
    4 * (2 * (blocks + 1) + 4 * pairs + postCount + preCount + 1)
  }

  /// Fan-in of neuron `i`.
  public func fanIn(of i: Int) -> Int {
    if isFull { return preCount }
    let b = Int(blockOfNeuron[i])
    return Int(fanInStart[b + 1] - fanInStart[b])
  }

  /// Slot of synapse `(j, i)`, or nil when it does not exist.
  public func slot(pre j: Int, post i: Int) -> Int? {
    precondition(j >= 0 && j < preCount && i >= 0 && i < postCount, "synapse out of range")
    if isFull { return j * postCount + i }
    let b = blockOfNeuron[i]
    for e in Int(rowStart[j])..<Int(rowStart[j + 1]) where entryBlock[e] == b {
      return Int(entrySlot[e]) + i - Int(blockStart[Int(b)])
    }
    return nil
  }

  /// Calls `body(i, slot)` for every neuron `i` input `j` feeds, `i` ascending.
  @inlinable
  public func forEachInRow(_ j: Int, _ body: (_ i: Int, _ slot: Int) -> Void) {
    if isFull {
      for i in 0..<postCount { body(i, j &* postCount &+ i) }
      return
    }
    for e in Int(rowStart[j])..<Int(rowStart[j + 1]) {
      let b = Int(entryBlock[e])
      let first = Int(blockStart[b])
      let base = Int(entrySlot[e]) &- first
      for i in first..<Int(blockStart[b + 1]) { body(i, base &+ i) }
    }
  }

  /// Calls `body(j, slot)` for every input `j` of neuron `i`, `j` ascending.
  @inlinable
  public func forEachInColumn(_ i: Int, _ body: (_ j: Int, _ slot: Int) -> Void) {
    if isFull {
      for j in 0..<preCount { body(j, j &* postCount &+ i) }
      return
    }
    let b = Int(blockOfNeuron[i])
    let offset = i &- Int(blockStart[b])
    for q in Int(fanInStart[b])..<Int(fanInStart[b + 1]) {
      body(Int(fanInPre[q]), Int(fanInSlot[q]) &+ offset)
    }
  }

  /// Calls `body(j, i, slot)` for every synapse in slot order (pre-major).
  @inlinable
  public func forEachSynapse(_ body: (_ j: Int, _ i: Int, _ slot: Int) -> Void) {
    for j in 0..<preCount { forEachInRow(j) { i, slot in body(j, i, slot) } }
  }

  /// The dense connection mask (`[j · postCount + i]`; empty when full). Allocates
  /// `preCount × postCount` bytes: for tools and tests, not the streaming path.
  public func mask() -> [Bool] {
    if isFull { return [] }
    var mask = [Bool](repeating: false, count: preCount * postCount)
    forEachSynapse { j, i, _ in mask[j * postCount + i] = true }
    return mask
  }
}
