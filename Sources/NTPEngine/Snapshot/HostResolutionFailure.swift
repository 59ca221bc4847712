public import NTPCore

/// A configured host name that did not resolve (to an address of the family its socket
/// needs): why, how often, and when it is tried again.
public struct HostResolutionFailure: Hashable, Sendable {
    /// What the resolver said (`getaddrinfo`'s message), or which family was missing.
    public var lastError: String
    /// Failed attempts in a row.
    public var attempts: Int
    /// When the name is looked up again.
    public var nextRetry: MonotonicInstant
    /// A lookup of the retry is under way.
    public var retrying = false

    /// Seconds before the retry after `attempts` failures: 2, 4, 8, ... at most 300.
    public static func retryDelay(afterAttempts attempts: Int) -> Int {
        min(1 << min(max(attempts, 1), 9), 300)
    }
}

/// A configured association still without an address, as `<get>` shows it.
public struct HostResolutionStatus: Hashable, Sendable {
    /// `nil` while the first lookup is under way.
    public var lastError: String?
    public var attempts: Int
    /// Seconds until the next lookup (0 while one is under way).
    public var retryIn: Double
}
