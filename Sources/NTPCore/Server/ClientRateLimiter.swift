/// A token bucket per client address, kept in a bounded set-associative
/// table so memory stays fixed however many addresses send (the shape of
/// chrony's client log).
public struct ClientRateLimiter<Address: Hashable & Sendable>: Sendable {
    public let policy: RateLimitPolicy
    private var slots: [ClientBucket<Address>?]
    private let setCount: Int

    public init(policy: RateLimitPolicy = RateLimitPolicy()) {
        self.policy = policy
        self.setCount = max(policy.tableCapacity / policy.associativity, 1)
        self.slots = Array(repeating: nil, count: setCount * policy.associativity)
    }

    /// Clients currently remembered.
    public var trackedClients: Int { slots.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    /// Charges one request from `address` arriving at `now`.
    public mutating func admit(_ address: Address, at now: MonotonicInstant) -> RateLimitDecision {
        let index = slotIndex(for: address, now: now)
        var bucket = slots[index] ?? ClientBucket(address: address, tokens: Double(policy.burst), lastSeen: now)
        let decision = bucket.charge(at: now, policy: policy)
        slots[index] = bucket
        return decision
    }

    /// The slot holding `address`, else an empty one in its set, else the
    /// least recently seen one in its set (evicting it).
    private mutating func slotIndex(for address: Address, now: MonotonicInstant) -> Int {
        let first = Int(UInt(bitPattern: address.hashValue) % UInt(setCount)) * policy.associativity
        var victim = first
        for index in first..<first + policy.associativity {
            guard let bucket = slots[index] else { return index }
            if bucket.address == address { return index }
            if let current = slots[victim], bucket.lastSeen < current.lastSeen { victim = index }
        }
        slots[victim] = nil
        return victim
    }
}

/// One client's token bucket.
struct ClientBucket<Address: Hashable & Sendable>: Sendable {
    var address: Address
    var tokens: Double
    var lastSeen: MonotonicInstant
    var lastKiss: MonotonicInstant?

    mutating func charge(at now: MonotonicInstant, policy: RateLimitPolicy) -> RateLimitDecision {
        refill(at: now, policy: policy)
        if tokens >= 1 {
            tokens -= 1
            return .allow
        }
        if let lastKiss, (now - lastKiss).secondsValue < policy.kissInterval {
            return .drop
        }
        lastKiss = now
        return .kissOfDeath
    }

    private mutating func refill(at now: MonotonicInstant, policy: RateLimitPolicy) {
        let elapsed = max((now - lastSeen).secondsValue, 0)
        lastSeen = now
        let earned = policy.averageInterval > 0 ? elapsed / policy.averageInterval : Double(policy.burst)
        tokens = min(tokens + earned, Double(policy.burst))
    }
}
