public import NTPCore

/// The association an ``EngineEvent`` is about, as it was when the event
/// happened (it may be gone by the time the event is read).
public struct EventAssociation: Hashable, Sendable {
    /// The engine's number for the association (unique while it runs; a
    /// removed and re-added association gets a new one).
    public var id: AssociationID
    /// The configured name (a server, peer or sender), or the remote
    /// endpoint's text for a dynamic association.
    public var name: String
    /// The remote endpoint; `nil` while a configured host name is unresolved.
    public var remote: NTPEndpoint?
    public var mode: AssociationMode
    /// From the configuration, as opposed to created by a received packet.
    public var configured: Bool

    public init(id: AssociationID, name: String, remote: NTPEndpoint?, mode: AssociationMode, configured: Bool) {
        self.id = id
        self.name = name
        self.remote = remote
        self.mode = mode
        self.configured = configured
    }
}

extension EventAssociation: CustomStringConvertible {
    /// `name (address:port)`, or the name alone while unresolved.
    public var description: String {
        guard let remote, remote.description != name else { return name }
        return "\(name) (\(remote))"
    }
}
