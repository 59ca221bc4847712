/// XML namespaces of the NETCONF protocol.
public enum NetconfNamespace {
    /// The base protocol namespace of RFC 6241 (used by both base:1.0 and base:1.1).
    public static let base = "urn:ietf:params:xml:ns:netconf:base:1.0"
}
