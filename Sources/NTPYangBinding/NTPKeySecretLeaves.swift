/// Where the NTP keys' secrets are in the configuration (meridian-ntp, `nacm:default-deny-all`):
/// `/sys:system/sys:ntp/mntp:authentication/mntp:key/mntp:{hex-key,ascii-key}`, the choice
/// `secret` of each key, keyed by `key-id`.
public enum NTPKeySecretLeaves {
    public static let systemNamespace = "urn:ietf:params:xml:ns:yang:ietf-system"
    public static let ntpNamespace = "urn:meridian:params:xml:ns:yang:meridian-ntp"
    /// The elements from the document's top down to a key entry: system, ntp, authentication, key.
    public static let keyEntryPath: [(name: String, namespace: String)] = [
        ("system", systemNamespace), ("ntp", systemNamespace), ("authentication", ntpNamespace), ("key", ntpNamespace),
    ]
    public static let keyID = "key-id"
    /// The leaves of the choice `secret`.
    public static let secretLeaves = ["hex-key", "ascii-key"]

    /// The data path of one key's secret leaf: what a sealed value is bound to.
    public static func path(keyID: String, leaf: String) -> String {
        "/ietf-system:system/ietf-system:ntp/meridian-ntp:authentication/meridian-ntp:key[meridian-ntp:key-id='\(keyID)']/meridian-ntp:\(leaf)"
    }
}
