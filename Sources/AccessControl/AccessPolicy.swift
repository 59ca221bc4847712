/// NACM compiled once per change of `/nacm`: the configuration and the built-in defaults of the
/// schema (`nacm:default-deny-*`), from which each request gets the ``UserRights`` of its user.
public struct AccessPolicy: Sendable {
    public let configuration: NACMConfiguration
    /// Schema path (`/module:name/module:name...`, every step qualified) → its built-in default.
    let defaults: [String: DefaultDeny]

    public init(configuration: NACMConfiguration, defaults: [String: DefaultDeny]) {
        self.configuration = configuration
        self.defaults = defaults
    }

    /// The rights of `user` (RFC 8341 §3.4: the rule-lists of the user's groups, in order).
    /// `externalGroups` are the groups the transport or user database gives the user, used when
    /// `enable-external-groups` is true.
    public func rights(for user: String, externalGroups: [String] = []) -> UserRights {
        guard configuration.enabled else { return .unrestricted }
        var groups = Set(configuration.groups.filter { $0.value.contains(user) }.keys)
        if configuration.enableExternalGroups { groups.formUnion(externalGroups) }
        let rules = configuration.ruleLists
            .filter { list in list.groups.contains("*") || list.groups.contains(where: groups.contains) }
            .flatMap(\.rules)
        return UserRights(rules: rules, configuration: configuration, defaults: defaults)
    }
}

/// What one user may do, under one ``AccessPolicy``; pure.
public struct UserRights: Sendable {
    let rules: [NACMConfiguration.Rule]
    let configuration: NACMConfiguration?
    let defaults: [String: DefaultDeny]
    /// True when every data node is readable (no pruning needed).
    public let readsEverything: Bool
    /// True when every data node is writable (no per-node check needed).
    public let writesEverything: Bool
    /// What this user's reads depend on; nil when the user reads everything. Replies of
    /// running are kept per view.
    public let readView: ReadView?

    /// No checks: NACM disabled, or the recovery session (RFC 8341 §3.2.1).
    public static let unrestricted = UserRights(rules: [], configuration: nil, defaults: [:])

    init(rules: [NACMConfiguration.Rule], configuration: NACMConfiguration?, defaults: [String: DefaultDeny]) {
        self.rules = rules
        self.configuration = configuration
        self.defaults = defaults
        // Everything is permitted for `operation` when a rule matching every data node
        // permits it and no deny rule for it comes first (the first match decides).
        func universal(_ operation: AccessOperations) -> Bool {
            guard configuration != nil else { return true }
            for rule in rules where rule.operations.contains(operation) {
                switch rule.target {
                case .rpc, .notification: continue
                case .any where rule.module == nil: if rule.action == .permit { return true }
                case .path(let path) where rule.module == nil && path.steps.isEmpty: if rule.action == .permit { return true }
                default: break
                }
                if rule.action == .deny { return false }
            }
            return false
        }
        readsEverything = universal(.read)
        readView = readsEverything ? nil : ReadView(rules: rules, readDefault: configuration?.readDefault ?? .permit)
        writesEverything = universal(.create) && universal(.update) && universal(.delete)
    }

    /// RFC 8341 §3.4.4: may the user run `rpc` of `module`?
    public func mayExecute(module: String, rpc: String) -> Bool {
        guard let configuration else { return true }
        if module == "ietf-netconf" && rpc == "close-session" { return true }
        let decided = firstRuleDecides(.exec, module: module) { target in
            if case .rpc(let name) = target { name == "*" || name == rpc } else { false }
        }
        if let decided { return decided }
        if defaults["/" + module + ":" + rpc] == .all { return false }
        return configuration.execDefault == .permit
    }

    /// Whether the first rule for `operation` on `module` whose target is any, or one
    /// `target` accepts, permits (RFC 8341 §3.4.4 step 7, §3.4.6 step 6); nil when none applies.
    func firstRuleDecides(_ operation: AccessOperations, module: String, target: (NACMConfiguration.Target) -> Bool) -> Bool? {
        for rule in rules where rule.operations.contains(operation) && (rule.module == nil || rule.module == module) {
            if case .any = rule.target { return rule.action == .permit }
            if target(rule.target) { return rule.action == .permit }
        }
        return nil
    }

    /// RFC 8341 §3.4.5 (write) and §3.4.6 (read): may the user do `operation` (one of create,
    /// read, update, delete) on the data node at `node`?
    public func mayAccess(_ node: [NodeStep], _ operation: AccessOperations) -> Bool {
        guard let configuration, let last = node.last else { return true }
        for rule in rules where rule.operations.contains(operation) && (rule.module == nil || rule.module == last.module) {
            switch rule.target {
            case .any: return rule.action == .permit
            case .path(let path) where path.covers(node): return rule.action == .permit
            default: continue
            }
        }
        // A default-deny statement covers the node's whole subtree (RFC 8341 §3.1.3: "the
        // data node and all its descendants" are protected), so the node's ancestors count too.
        var schemaPath = ""
        for step in node {
            schemaPath += "/" + step.module + ":" + step.name
            switch defaults[schemaPath] ?? .none {
            case .all: return false
            case .write where operation != .read: return false
            default: continue
            }
        }
        return (operation == .read ? configuration.readDefault : configuration.writeDefault) == .permit
    }
}
