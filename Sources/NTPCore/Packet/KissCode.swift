/// A kiss code carried in the reference identifier of a Kiss-o'-Death packet
/// (stratum 0; RFC 5905 §7.4).
public struct KissCode: Hashable, Sendable {
    public var referenceID: ReferenceID

    public init(_ referenceID: ReferenceID) {
        self.referenceID = referenceID
    }

    /// The client must reduce its poll rate.
    public static let rate = KissCode(ReferenceID(ascii: "RATE"))
    /// Access denied by the server.
    public static let deny = KissCode(ReferenceID(ascii: "DENY"))
    /// Access restricted by the server.
    public static let restrict = KissCode(ReferenceID(ascii: "RSTR"))

    /// What the receiver of this code must do (RFC 5905 §7.4).
    public var demand: KissDemand {
        switch self {
        case .rate: .reducePollRate
        case .deny, .restrict: .stopSending
        default: .none
        }
    }
}

/// The behaviour a kiss code demands of its receiver.
public enum KissDemand: Hashable, Sendable {
    /// Informational only; treat the packet as unusable.
    case none
    /// RATE: increase the poll interval.
    case reducePollRate
    /// DENY or RSTR: stop sending to this server.
    case stopSending
}

extension KissCode: CustomStringConvertible {
    public var description: String { referenceID.asciiText ?? "\(referenceID.rawValue)" }
}
