/// Access control by source prefix, in the vendor guides' four levels. A
/// level grants everything below it: `peer` ⊃ `server` ⊃ `synchronization`
/// ⊃ `query`. With no rule at all, everyone has `peer` access.
public struct AccessRules: Hashable, Sendable {
    public enum Level: Int, Hashable, Sendable, Comparable, Codable, CaseIterable {
        /// Control queries only (the engine answers none, so nothing).
        case query
        /// Time requests (mode 3).
        case synchronization
        /// Time requests and queries.
        case server
        /// Everything, including symmetric-passive associations.
        case peer

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var rules: [Level: [IPPrefix]] {
        didSet { isOpen = rules.values.allSatisfy(\.isEmpty) }
    }
    /// No rule at all: everyone is allowed (checked per packet, so cached).
    public private(set) var isOpen: Bool

    public init(rules: [Level: [IPPrefix]] = [:]) {
        self.rules = rules
        self.isOpen = rules.values.allSatisfy(\.isEmpty)
    }

    public static func == (lhs: AccessRules, rhs: AccessRules) -> Bool { lhs.rules == rhs.rules }
    public func hash(into hasher: inout Hasher) { hasher.combine(rules) }

    /// The highest level any rule grants `address`, or `nil` when rules
    /// exist and none matches.
    public func level(for address: IPAddress) -> Level? {
        if isOpen { return .peer }
        for level in Level.allCases.reversed() where rules[level]?.contains(where: { $0.contains(address) }) == true {
            return level
        }
        return nil
    }

    public func permits(_ address: IPAddress, _ needed: Level) -> Bool {
        guard let granted = level(for: address) else { return false }
        return granted >= needed
    }
}
