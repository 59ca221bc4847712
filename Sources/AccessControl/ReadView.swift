/// What decides which data nodes a user may read: the rules that can match a read, in order,
/// and `read-default` (the schema's defaults are the same for every user). Users with equal
/// views read the same data, so a reply rendered for one serves the others (a cache key).
public struct ReadView: Sendable, Hashable {
    let rules: [NACMConfiguration.Rule]
    let readDefault: NACMConfiguration.Action
    private let precomputedHash: Int

    init(rules: [NACMConfiguration.Rule], readDefault: NACMConfiguration.Action) {
        self.rules = rules.filter { rule in
            guard rule.operations.contains(.read) else { return false }
            switch rule.target {
            case .rpc, .notification: return false
            default: return true
            }
        }
        self.readDefault = readDefault
        var hasher = Hasher()
        hasher.combine(self.rules)
        hasher.combine(readDefault)
        precomputedHash = hasher.finalize()
    }

    public static func == (lhs: ReadView, rhs: ReadView) -> Bool {
        lhs.precomputedHash == rhs.precomputedHash && lhs.readDefault == rhs.readDefault && lhs.rules == rhs.rules
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(precomputedHash) }
}
