/// The outcome of the packet sanity checks (RFC 5905 §8 and Appendix
/// A.5.1). Every rejection names the test that failed, so the engine can
/// count it.
public enum PacketVerdict: Hashable, Sendable {
    /// Every check passed; the packet yields a clock sample.
    case accepted
    /// The packet's mode does not belong to this association.
    case unexpectedMode
    /// Test 1: the transmit timestamp repeats the last one received.
    case duplicate
    /// Test 2: the origin timestamp is not what was last sent.
    case bogus
    /// Test 3: a timestamp is zero; the peer has not heard from us yet
    /// (origin zero) or the sender is broken (transmit zero).
    case unsynchronizedProtocol
    /// Test 5: the MAC was missing, wrong or used an unexpected key.
    case authenticationFailed
    /// The server answered with a crypto-NAK: it did not accept our MAC.
    case cryptoNAK
    /// A Kiss-o'-Death packet that passed the origin check.
    case kissOfDeath(KissCode)
    /// Test 6: the server is not synchronized (leap 3, stratum 0 or >= 16).
    case unsynchronizedServer
    /// Test 7: root distance at or above the limit, or a reference time
    /// later than the transmit time.
    case excessiveRootDistance
}
