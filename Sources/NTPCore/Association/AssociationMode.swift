/// The host mode of an association (RFC 5905 §9.1, hmode): what this side
/// sends and which packet modes it accepts.
public enum AssociationMode: Hashable, Sendable, CaseIterable {
    /// Sends mode 3, accepts mode-4 replies.
    case client
    /// Static peer: sends mode 1, accepts modes 1 and 2.
    case symmetricActive
    /// Dynamic peer created by a mode-1 packet: sends mode 2, accepts 1.
    case symmetricPassive
    /// Listens to mode-5 broadcasts and sends nothing.
    case broadcastClient

    /// The mode this side puts in its packets; `nil` when it never sends.
    public var packetMode: NTPMode? {
        switch self {
        case .client: .client
        case .symmetricActive: .symmetricActive
        case .symmetricPassive: .symmetricPassive
        case .broadcastClient: nil
        }
    }

    /// Whether a received packet's mode belongs to this association
    /// (RFC 5905 Figure 10's dispatch table, restricted to processing).
    public func accepts(_ mode: NTPMode) -> Bool {
        switch self {
        case .client: mode == .server
        case .symmetricActive: mode == .symmetricActive || mode == .symmetricPassive
        case .symmetricPassive: mode == .symmetricActive
        case .broadcastClient: mode == .broadcast
        }
    }
}
