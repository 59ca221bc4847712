public import YangData

extension NACMConfiguration {
    public static let moduleName = "ietf-netconf-acm"

    /// The `/nacm` container among the top-level nodes of a configuration (absent: the defaults).
    public init(topLevel nodes: [DataNode]) {
        self.init()
        guard let nacm = nodes.first(where: { $0.name == "nacm" && $0.module == Self.moduleName }) else { return }
        for child in nacm.children {
            switch child.name {
            case "enable-nacm": enabled = child.value == "true"
            case "read-default": readDefault = Self.action(child.value)
            case "write-default": writeDefault = Self.action(child.value)
            case "exec-default": execDefault = Self.action(child.value)
            case "enable-external-groups": enableExternalGroups = child.value == "true"
            case "groups":
                for group in child.children where group.name == "group" {
                    guard let name = group.child("name")?.value else { continue }
                    groups[name, default: []].formUnion(group.children.filter { $0.name == "user-name" }.compactMap(\.value))
                }
            case "rule-list":
                ruleLists.append(Self.ruleList(child))
            default:
                break
            }
        }
    }

    private static func action(_ value: String?) -> Action { value == "permit" ? .permit : .deny }

    private static func ruleList(_ node: DataNode) -> RuleList {
        RuleList(
            name: node.child("name")?.value ?? "",
            groups: node.children.filter { $0.name == "group" }.compactMap(\.value),
            rules: node.children.filter { $0.name == "rule" }.map(rule))
    }

    private static func rule(_ node: DataNode) -> Rule {
        var rule = Rule(name: node.child("name")?.value ?? "", action: action(node.child("action")?.value))
        if let module = node.child("module-name")?.value, module != "*" { rule.module = module }
        if let operations = node.child("access-operations")?.value { rule.operations = AccessOperations(parsing: operations) }
        if let rpc = node.child("rpc-name")?.value {
            rule.target = rpc == "*" ? .rpc("*") : .rpc(rpc)
        } else if let notification = node.child("notification-name")?.value {
            rule.target = .notification(notification)
        } else if let path = node.child("path")?.value {
            rule.target = NACMPath(path).map(Target.path) ?? .unusablePath(path)
        }
        return rule
    }
}
