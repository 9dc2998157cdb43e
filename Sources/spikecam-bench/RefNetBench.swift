enum RefNetBench {
  static func run(_ arguments: [String]) -> Int32 {
    BenchIO.err("Error: workload 'refnet' is not built yet\n")
    return 1
  }
}
