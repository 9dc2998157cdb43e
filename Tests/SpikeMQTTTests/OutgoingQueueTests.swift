import SpikeMQTT
import Testing

@Suite struct OutgoingQueueTests {
  @Test func dropsTheOldestWhenFullAndCountsIt() {
    let queue = OutgoingQueue(capacity: 4)
    var dropped = 0
    for i in 0..<10 where queue.push(MQTTMessage(topic: "t", text: "\(i)")) { dropped += 1 }
    #expect(dropped == 6)
    #expect(queue.dropped == 6)
    #expect(queue.count == 4)
    var kept: [String] = []
    while let m = queue.pop() { kept.append(String(decoding: m.payload, as: UTF8.self)) }
    #expect(kept == ["6", "7", "8", "9"])
    #expect(queue.pop() == nil)
  }

  @Test func keepsOrderAcrossWrapAround() {
    let queue = OutgoingQueue(capacity: 3)
    var out: [String] = []
    for i in 0..<20 {
      queue.push(MQTTMessage(topic: "t", text: "\(i)"))
      if i % 2 == 1, let m = queue.pop() { out.append(String(decoding: m.payload, as: UTF8.self)) }
    }
    while let m = queue.pop() { out.append(String(decoding: m.payload, as: UTF8.self)) }
    let numbers = out.compactMap(Int.init)
    #expect(numbers == numbers.sorted())
    #expect(numbers.last == 19)
    #expect(numbers.count + Int(queue.dropped) == 20)
  }
}
