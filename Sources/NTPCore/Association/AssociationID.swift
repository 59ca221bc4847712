/// Identifies one association within an engine.
public struct AssociationID: Hashable, Sendable, Comparable {
    public var rawValue: UInt32

    public init(_ rawValue: UInt32) {
        self.rawValue = rawValue
    }

    public static func < (lhs: AssociationID, rhs: AssociationID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension AssociationID: CustomStringConvertible {
    public var description: String { "#\(rawValue)" }
}
