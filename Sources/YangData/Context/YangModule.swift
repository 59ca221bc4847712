/// What a context holds of one module: enough to advertise it in a NETCONF `<hello>`
/// (RFC 6020 §5.6.4 / RFC 7950 §5.6.4) and to answer `get-schema`.
public struct YangModule: Sendable, Hashable {
    public var name: String
    /// `nil` for a module without a revision statement.
    public var revision: String?
    public var namespace: String
    public var prefix: String
    /// Enabled features, in the module's order.
    public var features: [String]
    /// Names of the modules that deviate this one.
    public var deviations: [String]
    /// Implemented (its data nodes are usable) rather than only imported.
    public var isImplemented: Bool
    /// The file libyang read it from; `nil` for libyang's built-in modules.
    public var filePath: String?

    public init(
        name: String, revision: String?, namespace: String, prefix: String, features: [String],
        deviations: [String], isImplemented: Bool, filePath: String?
    ) {
        self.name = name
        self.revision = revision
        self.namespace = namespace
        self.prefix = prefix
        self.features = features
        self.deviations = deviations
        self.isImplemented = isImplemented
        self.filePath = filePath
    }

    /// The `<capability>` URI: `namespace?module=NAME&revision=DATE&features=A,B&deviations=X`
    /// (parts left out when empty; `&` is escaped by the XML writer, not here).
    public var capabilityURI: String {
        var uri = "\(namespace)?module=\(name)"
        if let revision { uri += "&revision=\(revision)" }
        if !features.isEmpty { uri += "&features=\(features.joined(separator: ","))" }
        if !deviations.isEmpty { uri += "&deviations=\(deviations.joined(separator: ","))" }
        return uri
    }
}
