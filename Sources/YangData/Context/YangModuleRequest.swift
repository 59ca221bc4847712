/// A module to implement in a `YangContext`, with the features to enable. The revision is
/// optional: without it libyang takes the newest revision found in the search directories.
public struct YangModuleRequest: Sendable, Hashable {
    public var name: String
    public var revision: String?
    public var features: [String]

    public init(_ name: String, revision: String? = nil, features: [String] = []) {
        self.name = name
        self.revision = revision
        self.features = features
    }

    /// The standard modules Meridian implements (MODEL.md, issue #3).
    ///
    /// - ietf-system: `ntp`, `ntp-udp-port` only. `authentication`, `local-users`, `radius` and
    ///   `timezone-name` would add nodes Meridian does not act on; MODEL.md removes those with a
    ///   deviation module instead, so enabling them here would only advertise what does not work.
    /// - ietf-interfaces: `arbitrary-names` (logical names such as `GigabitEthernet0/1/0`) and
    ///   `pre-provisioning` (configuration for interfaces not present in the OS); not `if-mib`.
    /// - ietf-netconf: the capabilities the datastore layer implements (candidate, confirmed
    ///   commit, rollback-on-error, validate, startup, xpath). Loading it also gives the
    ///   `nc:operation` annotation libyang adds to this module internally.
    public static let meridianStandard: [YangModuleRequest] = [
        YangModuleRequest("ietf-system", features: ["ntp", "ntp-udp-port"]),
        YangModuleRequest("ietf-interfaces", features: ["arbitrary-names", "pre-provisioning"]),
        YangModuleRequest("ietf-ip"),
        YangModuleRequest("iana-if-type"),
        YangModuleRequest("ietf-netconf-acm"),
        YangModuleRequest(
            "ietf-netconf",
            features: ["candidate", "confirmed-commit", "rollback-on-error", "validate", "startup", "xpath"]),
        YangModuleRequest("ietf-netconf-with-defaults"),
        YangModuleRequest("ietf-netconf-monitoring"),
        YangModuleRequest("ietf-yang-library"),
        // Notifications (RFC 5277, RFC 6470).
        YangModuleRequest("notifications"),
        YangModuleRequest("nc-notifications"),
        YangModuleRequest("ietf-netconf-notifications"),
    ]
}
