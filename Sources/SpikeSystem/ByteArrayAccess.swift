extension Array where Element == UInt8 {
  /// `withUnsafeBytes` for a body with typed throws (the standard library's is `rethrows`).
  public func withRawBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E)
    -> R
  {
    let result: Result<R, E> = withUnsafeBytes { raw in Result { () throws(E) in try body(raw) } }
    return try result.get()
  }

  /// `withUnsafeMutableBytes` for a body with typed throws.
  public mutating func withMutableRawBytes<R, E: Error>(
    _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
  ) throws(E) -> R {
    let result: Result<R, E> = withUnsafeMutableBytes { raw in
      Result { () throws(E) in try body(raw) }
    }
    return try result.get()
  }
}
