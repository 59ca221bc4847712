import NTPCore

/// What a batch of plain client requests on one socket shares: the served
/// header, one clock reading and its correction.
struct InPlaceBatch {
    var header: InPlaceResponder.ServedHeader
    var reading: HostReading
    var correction: Double
    /// Replies go out from the address each request was sent to.
    var wildcard: Bool
    /// Access rules or a rate limit apply: the caller must pass the
    /// client's address.
    var needsAddress: Bool
}

/// What became of a plain request answered in place.
enum InPlaceOutcome {
    /// A reply was written; its transmit timestamp is still to be set.
    case reply
    /// A complete RATE kiss was written (never restamped).
    case kiss
    /// Nothing to send (counted).
    case dropped
}

extension EngineCore {
    /// Starts a batch of in-place answers on `binding`, or `nil` when the
    /// socket does not serve (the general path then drops and counts) or
    /// NTP is disabled on some interface (the general path checks each
    /// request's destination).
    func beginInPlaceBatch(on binding: SocketBinding) -> InPlaceBatch? {
        guard socketPlan.serves(binding), configuration.disabledAddresses.isEmpty else { return nil }
        let reading = hostClock.read()
        let local = driver.localTime(for: reading)
        return InPlaceBatch(
            header: InPlaceResponder.ServedHeader(servedVariables(now: local.wall)),
            reading: reading,
            correction: local.correction,
            wildcard: binding.address.isWildcard,
            needsAddress: !configuration.accessRules.isOpen || server.isRateLimiting
        )
    }

    /// Answers a plain client request (``InPlaceResponder/isPlainClientRequest(_:)``)
    /// by writing the reply into `reply`: the same access check, rate limit
    /// and counters as ``receive(_:)``, without parsing into a packet.
    /// `address` is required when the batch says ``InPlaceBatch/needsAddress``.
    func answerInPlace(
        _ request: UnsafeRawBufferPointer, from address: IPAddress?, kernelTimestamp: NTPTimestamp?,
        batch: InPlaceBatch, into reply: UnsafeMutableRawBufferPointer
    ) -> InPlaceOutcome {
        counters.packetsReceived += 1
        var age = 0.0
        var received = batch.reading.realtime
        if let kernelTimestamp {
            let kernelAge = (batch.reading.realtime - kernelTimestamp).seconds
            if kernelAge >= 0, kernelAge < 1 {
                age = kernelAge
                received = kernelTimestamp
            }
        }
        if batch.needsAddress {
            guard let address, configuration.accessRules.permits(address, .synchronization) else {
                drop(\.accessDenied)
                return .dropped
            }
            let monotonic = MonotonicInstant(nanoseconds: batch.reading.monotonic.nanoseconds - Int64(age * 1e9))
            switch server.admit(address, at: monotonic) {
            case .allow:
                break
            case .drop:
                drop(\.rateLimited)
                return .dropped
            case .kissOfDeath:
                InPlaceResponder.writeRateKiss(to: request, minimumPoll: server.kissPollExponent, into: reply)
                counters.kissCodesSent += 1
                counters.packetsSent += 1
                return .kiss
            }
        }
        InPlaceResponder.writeReply(
            to: request, header: batch.header, receivedAt: received + NTPInterval(seconds: batch.correction), into: reply
        )
        counters.requestsServed += 1
        counters.packetsSent += 1
        return .reply
    }

    /// The transmit timestamp for replies about to be handed to the kernel.
    func transmitTimestamp() -> NTPTimestamp {
        localNow().wall
    }
}
