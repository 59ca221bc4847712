/// Everything `<get>` reports, read at one instant.
public struct EngineSnapshot: Hashable, Sendable {
    public var clock: ClockState
    public var associations: [AssociationStatus]
    public var counters: EngineCounters
    /// The sockets bound now.
    public var sockets: [SocketBinding]
    /// Generation of the applied configuration (increments per apply).
    public var configurationGeneration: Int
}
