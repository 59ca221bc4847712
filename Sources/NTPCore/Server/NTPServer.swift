/// The server side of the engine's hot path: rate limit, then answer.
/// Holds only the rate limiter; everything else is passed per request.
public struct NTPServer<Address: Hashable & Sendable>: Sendable {
    public private(set) var rateLimiter: ClientRateLimiter<Address>?

    /// - Parameter rateLimit: `nil` turns rate limiting off.
    public init(rateLimit: RateLimitPolicy?) {
        self.rateLimiter = rateLimit.map { ClientRateLimiter(policy: $0) }
    }

    /// Whether a rate limit is in force (the in-place path then needs the
    /// client's address).
    public var isRateLimiting: Bool { rateLimiter != nil }

    /// The rate limiter's verdict alone, for the in-place path
    /// (``InPlaceResponder``): `.allow` when rate limiting is off.
    public mutating func admit(_ address: Address, at now: MonotonicInstant) -> RateLimitDecision {
        rateLimiter?.admit(address, at: now) ?? .allow
    }

    /// The poll exponent a RATE kiss asks for.
    public var kissPollExponent: Int8 {
        rateLimiter?.policy.kissPollExponent ?? ProtocolConstants.minimumPollExponent
    }

    /// Handles one client request received from `address`.
    public mutating func handle(
        _ request: NTPPacket,
        from address: Address,
        at arrival: LocalTimestamp,
        served: SystemVariables,
        transmitTimestamp: () -> NTPTimestamp
    ) -> ServerReply {
        guard request.mode == .client else { return .drop(.notAClientRequest) }
        // Optional chaining mutates the table in place (no copy per request).
        switch rateLimiter?.admit(address, at: arrival.monotonic) {
        case .none, .allow?: break
        case .drop?: return .drop(.rateLimited)
        case .kissOfDeath?:
            let poll = rateLimiter?.policy.kissPollExponent ?? ProtocolConstants.minimumPollExponent
            return .kissOfDeath(ServerResponder.rateKiss(to: request, minimumPoll: poll))
        }
        guard let reply = ServerResponder.reply(
            to: request, receivedAt: arrival.wall, served: served, transmitTimestamp: transmitTimestamp
        ) else { return .drop(.notAClientRequest) }
        return .reply(reply)
    }
}
