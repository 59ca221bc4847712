public import YangData

extension DefaultDeny {
    /// The `nacm:default-deny-write` and `nacm:default-deny-all` statements of `context`'s
    /// implemented modules, by schema path (`/module:name/...`).
    public static func table(from context: YangContext) -> [String: DefaultDeny] {
        // RFC 8341 §3.2.6 (and RFC 6536 before it): kill-session and delete-config are
        // default-deny-all. Debian's ietf-netconf@2011-06-01 predates the extension and carries
        // no statement, so these two are built in.
        var table: [String: DefaultDeny] = ["/ietf-netconf:kill-session": .all, "/ietf-netconf:delete-config": .all]
        for instance in context.extensionInstances(definedIn: NACMConfiguration.moduleName) {
            switch instance.name {
            case "default-deny-all": table[instance.path] = .all
            case "default-deny-write" where table[instance.path] != .all: table[instance.path] = .write
            default: break
            }
        }
        return table
    }
}
