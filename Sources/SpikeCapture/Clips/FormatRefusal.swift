/// Why bytes are not a file of the format a reader expected (an MJPEG video, a y4m stream), in
/// words for the user; callers add the file's name. Plain Swift, like the readers that throw it,
/// so the board program compiles them too.
public struct FormatRefusal: Error, Equatable {
  /// What is wrong.
  public let reason: String

  public init(_ reason: String) { self.reason = reason }
}
