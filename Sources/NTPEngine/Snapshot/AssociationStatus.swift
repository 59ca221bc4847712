public import NTPCore

/// One association as the operator sees it.
public struct AssociationStatus: Hashable, Sendable {
    /// The configured name; for dynamic associations the peer's endpoint.
    public var name: String
    public var mode: AssociationMode
    /// `true` for configured (static) associations.
    public var configured: Bool
    /// The peer, once its address is known.
    public var remote: NTPEndpoint?
    public var host: String
    public var socket: SocketBinding?
    public var stratum: UInt8?
    public var referenceID: ReferenceID?
    public var leap: LeapIndicator?
    public var prefer: Bool
    public var keyID: UInt32?
    /// The last packet from the peer was verified with the key.
    public var authenticated: Bool
    public var reach: UInt8
    public var hostPollExponent: Int8
    public var peerPollExponent: Int8
    /// Seconds since the last packet was accepted.
    public var sinceLastReceived: Double?
    /// Seconds (filter estimate).
    public var offset: Double?
    public var delay: Double?
    public var dispersion: Double?
    public var jitter: Double?
    public var selection: SourceSelectionStatus?
    public var isRunning: Bool
    public var stopReason: AssociationStopReason?
    public var packetsSent: Int
    public var packetsReceived: Int
    /// For a configured association whose host name has no address yet: how resolving it
    /// goes (`nil` once it has an address, and for numeric addresses).
    public var resolution: HostResolutionStatus? = nil
}
