/// What the peer said about its own clock in its last accepted packet (RFC
/// 5905 §9.1 packet variables copied into the peer variables).
public struct PeerHeader: Hashable, Sendable {
    public var leap: LeapIndicator
    public var stratum: UInt8
    public var precision: Int8
    public var rootDelay: Double
    public var rootDispersion: Double
    public var referenceID: ReferenceID
    public var referenceTime: NTPTimestamp

    public init(_ packet: NTPPacket) {
        self.leap = packet.leap
        self.stratum = packet.stratum
        self.precision = packet.precision
        self.rootDelay = packet.rootDelay.seconds
        self.rootDispersion = packet.rootDispersion.seconds
        self.referenceID = packet.referenceID
        self.referenceTime = packet.referenceTimestamp
    }
}
