/// What the clock filter made of a new sample.
public struct FilterUpdate: Hashable, Sendable {
    public enum Disposition: Hashable, Sendable {
        /// A newer sample than the last one used: run source selection.
        case fresh
        /// The best sample is not newer than the last one used (the "prime
        /// directive": use a sample once, never an older one).
        case stale
        /// The offset jumped by more than the spike gate times the jitter
        /// within two poll intervals: held back as a popcorn spike.
        case popcornSpike
    }

    public var estimate: PeerEstimate
    public var disposition: Disposition

    public init(estimate: PeerEstimate, disposition: Disposition) {
        self.estimate = estimate
        self.disposition = disposition
    }
}
