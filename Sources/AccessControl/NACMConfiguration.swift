/// The `/nacm` configuration of ietf-netconf-acm (RFC 8341 §3.2), typed. Defaults are the
/// module's: NACM on, read and exec permitted, write denied.
public struct NACMConfiguration: Sendable, Hashable {
    public enum Action: Sendable, Hashable { case permit, deny }

    /// What a rule applies to (the `rule-type` choice; none: everything of its module).
    public enum Target: Sendable, Hashable {
        case any
        case rpc(String)
        case notification(String)
        case path(NACMPath)
        /// A `path` Meridian cannot parse: it matches nothing.
        case unusablePath(String)
    }

    public struct Rule: Sendable, Hashable {
        public var name: String
        /// `*` (nil) or a module name.
        public var module: String?
        public var target: Target
        public var operations: AccessOperations
        public var action: Action

        public init(name: String, module: String? = nil, target: Target = .any, operations: AccessOperations = .all, action: Action) {
            self.name = name
            self.module = module
            self.target = target
            self.operations = operations
            self.action = action
        }
    }

    public struct RuleList: Sendable, Hashable {
        public var name: String
        /// Group names; `*` is every group.
        public var groups: [String]
        public var rules: [Rule]

        public init(name: String, groups: [String], rules: [Rule]) {
            self.name = name
            self.groups = groups
            self.rules = rules
        }
    }

    public var enabled = true
    public var readDefault = Action.permit
    public var writeDefault = Action.deny
    public var execDefault = Action.permit
    public var enableExternalGroups = true
    /// Group name → user names.
    public var groups: [String: Set<String>] = [:]
    public var ruleLists: [RuleList] = []

    public init() {}
}
