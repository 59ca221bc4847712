/// A configuration whose sockets are bound and that can be applied without
/// failing. Owned by the engine; callers hold a ``PreparedConfiguration``.
struct PreparedChange {
    var configuration: EngineConfiguration
    var plan: SocketPlan
    /// The planner's steps from the configuration running when it was prepared.
    var steps: [ReconcileStep]
    /// Sockets bound for this change that the engine does not hold yet.
    var opened: [SocketBinding: any DatagramSocket]

    func release() {
        for socket in opened.values { socket.close() }
    }
}

/// A ticket for a prepared configuration: pass it to
/// ``NTPEngine/apply(_:)`` or ``NTPEngine/abort(_:)`` exactly once.
public struct PreparedConfiguration: Hashable, Sendable {
    public let id: UInt64
    /// What applying it does, in order (``ReconcilePlanner``).
    public let steps: [ReconcileStep]
    /// Sockets this change binds that are not bound now.
    public let newBindings: [SocketBinding]
    /// Sockets bound now that applying this change closes.
    public let closedBindings: [SocketBinding]
}
