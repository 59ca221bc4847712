/// A bound UDP socket the engine owns. The real one wraps a descriptor
/// (``UDPSocket``); tests use an in-memory one.
public protocol DatagramSocket: AnyObject {
    var binding: SocketBinding { get }
    /// Releases the binding; idempotent.
    func close()
}

/// Binds sockets. Called only while preparing a configuration, so a
/// failure leaves the running engine untouched.
public protocol DatagramSocketFactory {
    /// Binds `binding` and sets `options` (broadcast, multicast sending,
    /// group memberships); a failure of either releases the socket.
    func bind(_ binding: SocketBinding, options: SocketOptions) throws(EngineError) -> any DatagramSocket

    /// Fails when another process holds `binding`'s address and port (or the port's
    /// wildcard). The engine asks before it first binds a port, so two daemons never share
    /// an NTP port through `SO_REUSEADDR`, which the engine sets to re-bind its own sockets.
    func ensureUnused(_ binding: SocketBinding) throws(EngineError)
}
