/// Capability URIs defined by the NETCONF base protocol (RFC 6241 §8).
public enum NetconfCapability {
    /// NETCONF 1.0 with end-of-message framing (RFC 4741, RFC 6242 §4.3).
    public static let base10 = "urn:ietf:params:netconf:base:1.0"
    /// NETCONF 1.1 with chunked framing (RFC 6241, RFC 6242 §4.2).
    public static let base11 = "urn:ietf:params:netconf:base:1.1"
}
