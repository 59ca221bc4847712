import NTPCore

/// The engine's bookkeeping around one ``AssociationStateMachine``.
struct AssociationRecord {
    var machine: AssociationStateMachine
    /// `nil` for a dynamic association.
    var settings: AssociationSettings?
    /// `nil` until the host name is resolved.
    var remote: NTPEndpoint?
    var socket: SocketBinding
    var nextPoll: MonotonicInstant?
    var lastAccepted: MonotonicInstant?
    var lastAuthenticated = false
    var packetsSent = 0
    var packetsReceived = 0
    /// Polls since selection last kept it (counted only with `preempt`).
    var preemption = PreemptionTally()
    /// Set for a broadcast or multicast sender (static, with no settings).
    var broadcastServer: BroadcastServerSettings?
    /// The listener a dynamic broadcast client was mobilized by.
    var broadcastListener: String?
    /// An ephemeral association not yet reachable is removed at this time.
    var reachDeadline: MonotonicInstant?
    /// The reach register as last reported by the machine (0: unreachable).
    var reach: UInt8 = 0
    /// When the last authentication-failure event for it was emitted.
    var lastAuthenticationFailureEvent: MonotonicInstant?

    var id: AssociationID { machine.id }
    /// Created by a received packet (symmetric passive, broadcast client):
    /// ephemeral, as opposed to configured.
    var isDynamic: Bool { settings == nil && broadcastServer == nil }
    var name: String { settings?.name ?? broadcastServer?.name ?? remote.map(\.description) ?? "?" }
    var keyID: UInt32? { machine.configuration.keyID }

    /// The reference ID this host announces when synchronized to the peer:
    /// its IPv4 address, or the first four bytes of MD5 of its IPv6 address
    /// (RFC 5905 §7.3).
    var referenceID: ReferenceID {
        switch remote?.address {
        case .v4(let value)?: ReferenceID(rawValue: value)
        case let address?: ReferenceID(rawValue: MessageDigester.md5Prefix(address.bytes))
        case nil: .zero
        }
    }
}
