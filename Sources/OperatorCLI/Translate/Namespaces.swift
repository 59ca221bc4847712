/// The namespaces of the modules the commands touch.
public enum Namespaces {
    public static let netconf = "urn:ietf:params:xml:ns:netconf:base:1.0"
    public static let system = "urn:ietf:params:xml:ns:yang:ietf-system"
    public static let interfaces = "urn:ietf:params:xml:ns:yang:ietf-interfaces"
    public static let ip = "urn:ietf:params:xml:ns:yang:ietf-ip"
    public static let ntp = "urn:meridian:params:xml:ns:yang:meridian-ntp"
    public static let ianaIfType = "urn:ietf:params:xml:ns:yang:iana-if-type"
}
