public import Logging

/// The NETCONF-over-SSH listener (RFC 6242): accepts SSH connections, authenticates users
/// with an `SSHAuthenticator`, accepts only the `netconf` subsystem and hands its byte
/// stream to an `SSHChannelHandler`. All libssh work happens on one reactor thread.
public final class SSHServer: Sendable {
    private let reactor: SSHReactor

    public init(
        configuration: SSHServerConfiguration,
        authenticator: any SSHAuthenticator,
        handler: any SSHChannelHandler,
        logger: Logger
    ) throws(SSHError) {
        reactor = try SSHReactor(
            configuration: configuration, authenticator: authenticator, handler: handler, logger: logger)
    }

    /// Binds every listen address, then starts serving. Throws if any address cannot be bound.
    public func start() throws(SSHError) { try reactor.start() }

    /// Disconnects all clients and stops the reactor thread; returns when it has ended.
    public func stop() { reactor.stop() }

    /// Runs `work` on the reactor thread, where `write` and `close` may be called.
    public func schedule(_ work: @escaping @Sendable () -> Void) { reactor.schedule(work) }

    /// Queues bytes for a connection's channel. Reactor thread only (handler callbacks or `schedule`).
    public func write(_ id: ConnectionID, _ bytes: [UInt8]) {
        precondition(reactor.isOnReactorThread, "SSHServer.write must run on the reactor thread")
        reactor.write(id, bytes)
    }

    /// Stops (true) or resumes (false) reading a connection's channel: while stopped, received
    /// channel data stays in libssh's buffer and the channel window is not enlarged, so the
    /// client can send at most one window more. Reactor thread only.
    public func setInputPaused(_ id: ConnectionID, _ paused: Bool) {
        precondition(reactor.isOnReactorThread, "SSHServer.setInputPaused must run on the reactor thread")
        reactor.setInputPaused(id, paused)
    }

    /// Bytes queued for a connection's channel and not yet taken by its SSH window (0 for a
    /// connection that is gone). Reactor thread only.
    public func pendingOutput(_ id: ConnectionID) -> Int {
        precondition(reactor.isOnReactorThread, "SSHServer.pendingOutput must run on the reactor thread")
        return reactor.pendingOutput(id)
    }

    /// Flushes queued output, closes the channel and then the connection. Reactor thread only.
    public func close(_ id: ConnectionID, reason: String) {
        precondition(reactor.isOnReactorThread, "SSHServer.close must run on the reactor thread")
        reactor.close(id, reason: reason)
    }
}
