/// Per-session statistics in the shape of ietf-netconf-monitoring (RFC 6022) `sessions/session`.
/// The counters are zero-based counter32 values and wrap.
public struct SessionCounters: Sendable, Equatable {
    /// Correct `<rpc>` messages received (including `<close-session>`).
    public var inRPCs: UInt32 = 0
    /// Messages received that were not correct `<rpc>` messages.
    public var inBadRPCs: UInt32 = 0
    /// `<rpc-reply>` messages sent that contained at least one `<rpc-error>`.
    public var outRPCErrors: UInt32 = 0
    /// `<notification>` messages sent (not produced by this machine; kept for the shell).
    public var outNotifications: UInt32 = 0

    public init() {}
}
