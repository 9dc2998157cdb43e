import CSpikeSystem
#if canImport(Glibc)
  import Glibc
#endif
import Testing

/// The loader of libraries only some commands need (libmosquitto, Nettle): a missing library or
/// symbol is a message that names it, never a crash at the first call.
@Suite struct LibraryLoaderTests {
  func load(_ soname: String, _ names: [String]) -> (status: Int32, slots: [UnsafeMutableRawPointer?], message: String) {
    let library = UnsafeMutablePointer<spikecam_library>.allocate(capacity: 1)
    library.initialize(to: spikecam_library())
    pthread_mutex_init(&library.pointee.lock, nil)
    defer {
      pthread_mutex_destroy(&library.pointee.lock)
      library.deallocate()
    }
    var slots = [UnsafeMutableRawPointer?](repeating: nil, count: names.count)
    var message: UnsafePointer<CChar>?
    let cNames = names.map { strdup($0) }
    defer { cNames.forEach { free($0) } }
    let pointers = cNames.map { UnsafePointer<CChar>($0) }
    let status = pointers.withUnsafeBufferPointer { namesBuffer in
      slots.withUnsafeMutableBufferPointer { slotsBuffer in
        spikecam_library_load(library, soname, namesBuffer.baseAddress, slotsBuffer.baseAddress, names.count, &message)
      }
    }
    return (status, slots, message.map { String(cString: $0) } ?? "")
  }

  @Test func findsEverySymbol() {
    let result = load("libc.so.6", ["strlen", "getpid"])
    #expect(result.status == 0)
    #expect(result.slots.allSatisfy { $0 != nil })
  }

  @Test func aMissingLibraryIsNamed() {
    let result = load("libspikecam-absent.so.9", ["anything"])
    #expect(result.status == -1)
    #expect(result.message.hasPrefix("cannot load libspikecam-absent.so.9"))
  }

  @Test func aMissingSymbolIsNamed() {
    let result = load("libc.so.6", ["strlen", "spikecam_no_such_function"])
    #expect(result.status == -1)
    #expect(result.message == "libc.so.6 has no spikecam_no_such_function: a different version than this build expects")
  }
}
