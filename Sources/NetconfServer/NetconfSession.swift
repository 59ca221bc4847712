import NetconfModel
import NetconfProtocol
import Datastore
import SSHTransport

/// One NETCONF session as the reactor sees it: who it belongs to and the worker that runs
/// its protocol state machine. Owned by `NetconfServer` and touched only on the SSH reactor
/// thread.
final class NetconfSession {
    let connection: ConnectionID
    let id: SessionID
    let user: String
    let peer: String
    let worker: SessionWorker
    var closed = false
    /// Cleared when the session ends, before its end handlers run (any thread reads it).
    let liveness: SessionLiveness
    /// Why the server ended the session; nil when the peer or the transport did.
    var endReason: TerminationReason?
    let loginTime = UTCTimestamp.now()

    /// The address part of the peer.
    var peerHost: String { Self.host(of: peer) }

    /// The address part of "host:port" / "[v6]:port".
    static func host(of peer: String) -> String {
        var host = peer
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        return host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    init(connection: ConnectionID, id: SessionID, user: String, peer: String, worker: SessionWorker, liveness: SessionLiveness) {
        self.connection = connection
        self.id = id
        self.user = user
        self.peer = peer
        self.worker = worker
        self.liveness = liveness
    }
}
