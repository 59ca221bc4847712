/// Why a NETCONF exchange failed: the server's `<rpc-error>`s, or a broken session.
public enum NetconfClientError: Error, Sendable, Equatable {
    /// The reply carried these errors (severity error).
    case rpcErrors([ServerError])
    /// The session ended or sent something that is not NETCONF.
    case session(String)
}
