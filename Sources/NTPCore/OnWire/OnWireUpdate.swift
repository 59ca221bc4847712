/// Which received packets may change an association's on-wire state: the
/// peer's transmit time and our arrival time, which the next packet sent
/// carries as origin and receive timestamps and test 1 compares against.
///
/// RFC 5905 records them for every packet that is not a duplicate. Then one
/// spoofed packet with any origin overwrites them, our next packet carries
/// the forger's timestamp, and the genuine peer's next packet fails the
/// origin test: an off-path sender keeps an association from ever being
/// reachable. As ntpd does since 4.2.8p6, a packet here changes nothing
/// unless it passed the origin test and authentication.
///
/// The exception is how symmetric peers start, or start again, a
/// conversation: a peer that has not heard from us sends a zero origin, and
/// after either side restarted it sends an origin we no longer hold. While
/// no valid packet came from the peer during the last two polls, a symmetric
/// packet that authenticates as the association requires and fails only the
/// origin test is recorded, so that our next packet answers it and the
/// exchange can begin. Once the peer answers, forged packets change nothing.
public enum OnWireUpdate {
    /// Whether a packet with `verdict`, checked with `input`, is recorded.
    /// - Parameters:
    ///   - symmetric: the association is symmetric active or passive.
    ///   - answeredRecently: a valid packet came during the last two polls.
    public static func records(
        _ verdict: PacketVerdict, _ input: PacketCheckInput, symmetric: Bool, answeredRecently: Bool
    ) -> Bool {
        switch verdict {
        case .accepted, .kissOfDeath, .unsynchronizedServer, .excessiveRootDistance:
            // Past the origin and authentication tests.
            return true
        case .bogus, .unsynchronizedProtocol:
            guard symmetric, !answeredRecently, !input.isBroadcast, !input.packet.transmitTimestamp.isZero else {
                return false
            }
            return !PacketChecks.test5Authentication(
                input.authentication, requiredKeyID: input.requiredKeyID, requireAuthentication: input.requireAuthentication)
        case .duplicate, .unexpectedMode, .authenticationFailed, .cryptoNAK:
            return false
        }
    }
}
