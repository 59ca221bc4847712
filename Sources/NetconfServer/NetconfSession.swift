import NetconfModel
import NetconfProtocol
import Datastore
import SSHTransport

/// One NETCONF session: its protocol state machine and who it belongs to. Owned by
/// `NetconfServer` and touched only on the SSH reactor thread.
final class NetconfSession {
    let connection: ConnectionID
    let id: SessionID
    let user: String
    let peer: String
    var machine: NetconfSessionStateMachine
    /// A request was dispatched and its reply has not been handed back yet.
    var requestInFlight = false
    /// The client sent EOF; close once everything it asked for is answered.
    var inputEnded = false
    var closed = false
    let liveness = SessionLiveness()
    let loginTime = UTCTimestamp.now()

    /// The address part of "host:port" / "[v6]:port".
    var peerHost: String {
        var host = peer
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        return host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    init(connection: ConnectionID, id: SessionID, user: String, peer: String, machine: NetconfSessionStateMachine) {
        self.connection = connection
        self.id = id
        self.user = user
        self.peer = peer
        self.machine = machine
    }
}
