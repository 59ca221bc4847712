/// The packet sanity checks of RFC 5905 §8 and Appendix A.5.1, one pure
/// function per test, numbered as the RFC and ntpd's flash bits number them.
public enum PacketChecks {
    /// Runs the tests in protocol order and returns the first failure.
    /// The origin checks come before the KoD and header tests, so a spoofed
    /// KoD or header from an off-path sender is dropped as bogus.
    public static func evaluate(_ input: PacketCheckInput) -> PacketVerdict {
        let packet = input.packet
        if test1Duplicate(packet, onWire: input.onWire) { return .duplicate }
        if test3Unsynchronized(packet, isBroadcast: input.isBroadcast) { return .unsynchronizedProtocol }
        if !input.isBroadcast, test2Bogus(packet, onWire: input.onWire) { return .bogus }
        if case .cryptoNAK = packet.authenticator { return .cryptoNAK }
        if test5Authentication(input.authentication, requiredKeyID: input.requiredKeyID,
                               requireAuthentication: input.requireAuthentication) { return .authenticationFailed }
        if let kiss = kissOfDeath(packet) { return .kissOfDeath(kiss) }
        if test6UnsynchronizedServer(packet) { return .unsynchronizedServer }
        if test7HeaderValues(packet, maximumRootDistance: input.maximumRootDistance) { return .excessiveRootDistance }
        return .accepted
    }

    /// Test 1: the packet repeats the last transmit timestamp received.
    public static func test1Duplicate(_ packet: NTPPacket, onWire: OnWireState) -> Bool {
        !packet.transmitTimestamp.isZero && packet.transmitTimestamp == onWire.lastReceivedTransmit
    }

    /// Test 2: the origin timestamp does not match the last one sent.
    public static func test2Bogus(_ packet: NTPPacket, onWire: OnWireState) -> Bool {
        packet.originTimestamp != onWire.lastSentTransmit
    }

    /// Test 3: the transmit timestamp is zero, or (except in broadcast mode)
    /// the origin timestamp is zero because the peer has not heard from us.
    public static func test3Unsynchronized(_ packet: NTPPacket, isBroadcast: Bool) -> Bool {
        packet.transmitTimestamp.isZero || (!isBroadcast && packet.originTimestamp.isZero)
    }

    /// Test 5: authentication failed, or the association needs a key and the
    /// packet was not verified with exactly that key, or authentication is
    /// required and the packet carried no MAC.
    public static func test5Authentication(
        _ status: AuthenticationStatus, requiredKeyID: UInt32?, requireAuthentication: Bool = false
    ) -> Bool {
        switch (status, requiredKeyID) {
        case (.failed, _): true
        case (.none, .some): true
        case (.none, .none): requireAuthentication
        case (.verified(let keyID), .some(let required)): keyID != required
        case (.verified, .none): false
        }
    }

    /// The kiss code of a Kiss-o'-Death packet that demands action (RATE,
    /// DENY, RSTR); other stratum-0 packets fall to test 6.
    public static func kissOfDeath(_ packet: NTPPacket) -> KissCode? {
        guard let code = packet.kissCode, code.demand != .none else { return nil }
        return code
    }

    /// Test 6: the server is unsynchronized: leap 3, or stratum 0 or >= 16.
    public static func test6UnsynchronizedServer(_ packet: NTPPacket) -> Bool {
        packet.leap == .unsynchronized || packet.stratum == 0
            || packet.stratum >= ProtocolConstants.unsynchronizedStratum
    }

    /// Test 7: the server's root distance (root delay / 2 + root dispersion)
    /// reaches the limit, or its reference time is after its transmit time.
    /// A zero reference time means "not given" and is not compared.
    public static func test7HeaderValues(_ packet: NTPPacket, maximumRootDistance: Double) -> Bool {
        let rootDistance = packet.rootDelay.seconds / 2 + packet.rootDispersion.seconds
        let referenceAfterTransmit = !packet.referenceTimestamp.isZero
            && (packet.transmitTimestamp - packet.referenceTimestamp).fixedPoint < 0
        return rootDistance >= maximumRootDistance || referenceAfterTransmit
    }
}
