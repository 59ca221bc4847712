/// What the engine found when it checked a received packet's MAC. NTPCore
/// computes no digests; it only acts on this verdict.
public enum AuthenticationStatus: Hashable, Sendable {
    /// The packet carried no MAC.
    case none
    /// The MAC matched the named trusted key.
    case verified(keyID: UInt32)
    /// A MAC was present but did not verify, or named an unknown or
    /// untrusted key.
    case failed
}
