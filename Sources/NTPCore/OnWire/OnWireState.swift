/// The three timestamps an association remembers between packets (RFC 5905
/// §8, peer variables org, rec and xmt), which the next packet must match.
public struct OnWireState: Hashable, Sendable {
    /// Transmit timestamp of the last packet received from the peer. It is
    /// the origin timestamp of the next packet sent, and a packet repeating
    /// it is a duplicate.
    public var lastReceivedTransmit: NTPTimestamp = .zero
    /// Local wall time when that packet arrived; sent back as "receive".
    public var lastReceivedAt: NTPTimestamp = .zero
    /// Transmit timestamp of the last packet sent to the peer. A reply must
    /// carry it as its origin timestamp.
    public var lastSentTransmit: NTPTimestamp = .zero {
        didSet { lastSentDeparture = .zero }
    }
    /// When the kernel stamped that packet leaving the host (zero: not known);
    /// the sample's T1 when known. Cleared whenever `lastSentTransmit` changes.
    public var lastSentDeparture: NTPTimestamp = .zero

    public init() {}

    /// Records the arrival of a packet that was not a duplicate.
    mutating func recordArrival(of packet: NTPPacket, at wall: NTPTimestamp) {
        lastReceivedTransmit = packet.transmitTimestamp
        lastReceivedAt = wall
    }
}
