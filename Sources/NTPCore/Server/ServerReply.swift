/// What the server does with one request.
public enum ServerReply: Hashable, Sendable {
    /// Send this mode-4 reply.
    case reply(NTPPacket)
    /// Send this Kiss-o'-Death (RATE) instead of time.
    case kissOfDeath(NTPPacket)
    /// Send nothing.
    case drop(ServerDropReason)
}

public enum ServerDropReason: Hashable, Sendable {
    /// Not a client (mode 3) request; symmetric and broadcast packets
    /// belong to associations.
    case notAClientRequest
    /// Over the rate limit, and a KoD was sent recently.
    case rateLimited
}
