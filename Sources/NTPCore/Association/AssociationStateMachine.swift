/// One association with a peer or server (RFC 5905 §9, §13): the peer
/// process (receive and sanity checks), the poll process (reach, poll
/// interval, bursts) and the peer's clock filter, as a pure machine.
///
/// Inputs are ``start(at:)``, ``pollDue(now:)``, ``receive(_:at:authentication:)``,
/// ``transmitted(at:departure:)``, ``clockStepped(by:)`` and
/// ``systemVariablesChanged(_:)``; each returns the actions for the engine.
/// Time is always passed in.
public struct AssociationStateMachine: Sendable {
    public let id: AssociationID
    public internal(set) var configuration: AssociationConfiguration
    var system: SystemVariables
    var state: State

    enum State: Sendable {
        /// Configured but not started: nothing is scheduled or sent, and
        /// packets are ignored.
        case idle
        /// Polling the peer and processing its packets.
        case running(RunningState)
        /// Stopped for good (denied by the server or removed); the last
        /// running state is kept for reporting.
        case stopped(AssociationStopReason, RunningState?)
    }

    public init(id: AssociationID, configuration: AssociationConfiguration, system: SystemVariables) {
        self.id = id
        self.configuration = configuration
        self.system = system
        self.state = .idle
    }

    /// Starts polling; the first poll is due at once.
    public mutating func start(at now: MonotonicInstant) -> [AssociationAction] {
        guard case .idle = state else { return [] }
        state = .running(RunningState(configuration: configuration, start: now))
        return [.schedulePoll(at: now)]
    }

    /// Stops the association (for example when its configuration is removed).
    public mutating func stop() -> [AssociationAction] {
        guard case .running(let running) = state else { return [] }
        state = .stopped(.removed, running)
        return [.stopped(.removed)]
    }

    /// The system variables changed (stratum, leap, poll after discipline).
    /// Returns an earlier time for the next poll when the clock is now
    /// unsynchronized and an ``UnsynchronizedPollLimit`` cuts the interval
    /// in progress short; the engine reschedules the poll to it.
    @discardableResult
    public mutating func systemVariablesChanged(_ system: SystemVariables) -> MonotonicInstant? {
        self.system = system
        guard let limit = configuration.unsynchronizedPollLimit, !system.isSynchronized else { return nil }
        let configuration = configuration
        var earlier: MonotonicInstant?
        modifyRunning { running in
            earlier = running.poll.capped(to: limit, configuration: configuration)
        }
        return earlier
    }

    /// The engine stamped the packet from the last `.send` later than the
    /// machine did; replies must match the time actually sent.
    /// `departure` is the kernel's stamp of the packet leaving, when known.
    public mutating func transmitted(at wall: NTPTimestamp, departure: NTPTimestamp? = nil) {
        modifyRunning { running in
            running.onWire.lastSentTransmit = wall
            if let departure { running.onWire.lastSentDeparture = departure }
        }
    }

    /// The engine measured the round-trip delay to the broadcast server
    /// (with a client exchange); broadcast samples use it from now on.
    public mutating func broadcastDelayCalibrated(_ roundTrip: Double) {
        modifyRunning { $0.broadcastDelay = max(roundTrip, 0) }
    }

    /// The local clock was stepped: every sample and any request in flight
    /// belongs to the old timescale, so both are forgotten.
    public mutating func clockStepped(by offset: Double) {
        modifyRunning { running in
            running.filter.reset()
            running.onWire.lastSentTransmit = .zero
            running.onWire.lastReceivedAt = .zero
        }
    }

    func filterContext() -> FilterContext {
        FilterContext(
            systemPrecision: system.precision,
            systemPollExponent: system.pollExponent,
            clockSynchronized: system.isSynchronized,
            // Broadcast clients keep the RFC filter: their rate is the server's.
            fastPolling: configuration.minimumPollExponent <= FastPollEstimator.maximumPollExponent
                && configuration.mode != .broadcastClient
        )
    }

    mutating func modifyRunning(_ body: (inout RunningState) -> Void) {
        guard case .running(var running) = state else { return }
        state = .idle  // release the payload so `running` is uniquely referenced
        body(&running)
        state = .running(running)
    }
}

/// The peer variables of a running association.
struct RunningState: Sendable {
    var onWire = OnWireState()
    var reach = ReachRegister()
    var poll: PollProcess
    var filter = ClockFilter()
    var peer: PeerHeader?
    /// Round-trip delay assumed for broadcast samples: configured, then
    /// calibrated.
    var broadcastDelay: Double
    /// A broadcast client's calibration volley while it runs; `nil` for
    /// every other mode and once the client listens.
    var calibration: BroadcastCalibration?

    init(configuration: AssociationConfiguration, start: MonotonicInstant) {
        self.poll = PollProcess(configuration: configuration, start: start)
        self.broadcastDelay = configuration.broadcastDelay
        if configuration.mode == .broadcastClient, configuration.calibrationRequests > 0 {
            self.calibration = BroadcastCalibration(requests: configuration.calibrationRequests)
        }
    }
}
