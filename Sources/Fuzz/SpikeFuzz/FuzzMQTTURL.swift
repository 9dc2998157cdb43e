import SpikeMQTT

/// Parses the input as a `--mqtt` URL: it is refused with a message, or it yields a host, a
/// port in 1...65535 and a topic without wildcards, and its printed form does not depend on
/// the password.
public func fuzzMQTTURL(_ data: UnsafeRawBufferPointer) {
  let text = String(decoding: data, as: UTF8.self)
  do throws(MQTTEndpoint.ParseError) {
    let endpoint = try MQTTEndpoint(parsing: text)
    precondition(!endpoint.host.isEmpty && (1...65535).contains(endpoint.port), "bad host or port")
    precondition(!endpoint.topic.isEmpty && !endpoint.topic.contains("#") && !endpoint.topic.contains("+"))
    // The printed form does not depend on the password (it may still contain the same text
    // in the host or the topic).
    if let password = endpoint.password {
      var other = endpoint
      other.password = password + "x"
      precondition(other.description == endpoint.description, "password printed")
    }
  } catch {
    precondition(!error.description.isEmpty)
  }
}
