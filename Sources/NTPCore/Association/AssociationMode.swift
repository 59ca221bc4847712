/// The host mode of an association (RFC 5905 §9.1, hmode): what this side
/// sends and which packet modes it accepts.
public enum AssociationMode: Hashable, Sendable, CaseIterable {
    /// Sends mode 3, accepts mode-4 replies.
    case client
    /// Static peer: sends mode 1, accepts modes 1 and 2.
    case symmetricActive
    /// Dynamic peer created by a mode-1 packet: sends mode 2, accepts 1.
    case symmetricPassive
    /// Dynamic association created by a mode-5 packet: calibrates the delay
    /// with a few mode-3 requests (accepting their mode-4 replies), then
    /// listens to mode-5 broadcasts and sends nothing.
    case broadcastClient
    /// Static broadcast or multicast sender: sends mode 5 to a group or
    /// broadcast address every poll and accepts nothing.
    case broadcastServer

    /// The mode this side puts in its polls; `nil` when its polls send
    /// nothing (a broadcast client sends mode 3 only while calibrating).
    public var packetMode: NTPMode? {
        switch self {
        case .client: .client
        case .symmetricActive: .symmetricActive
        case .symmetricPassive: .symmetricPassive
        case .broadcastClient: nil
        case .broadcastServer: .broadcast
        }
    }

    /// Symmetric active or passive: both sides poll and answer each other.
    public var isSymmetric: Bool { self == .symmetricActive || self == .symmetricPassive }

    /// Whether a received packet's mode belongs to this association
    /// (RFC 5905 Figure 10's dispatch table, restricted to processing).
    public func accepts(_ mode: NTPMode) -> Bool {
        switch self {
        case .client: mode == .server
        case .symmetricActive: mode == .symmetricActive || mode == .symmetricPassive
        case .symmetricPassive: mode == .symmetricActive
        case .broadcastClient: mode == .broadcast || mode == .server
        case .broadcastServer: false
        }
    }
}
