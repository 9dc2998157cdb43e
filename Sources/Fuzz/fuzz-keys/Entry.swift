import SpikeFuzz

// libFuzzer's entry point (the body is `fuzzKeys` in SpikeFuzz), and the replay of files without it.
@c func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  FuzzReplay.one(data, size, fuzzKeys)
}

#if !SPIKECAM_FUZZ
  @main enum Replay { static func main() { FuzzReplay.run(fuzzKeys) } }
#endif
