import NTPCore

/// The engine's logic with no thread, socket or real clock of its own: it
/// takes datagrams, timer ticks and configurations, and leaves datagrams to
/// send in ``outbox``. ``NTPEngine`` runs it on a thread over real sockets;
/// tests run it over an in-memory network on a manual clock.
///
/// Not thread-safe: one owner calls it.
final class EngineCore {
    let hostClock: any HostClock
    var driver: any EngineClockDriver
    let options: EngineOptions
    var configuration = EngineConfiguration.stopped
    var socketPlan = SocketPlan(.stopped)
    var sockets: [SocketBinding: any DatagramSocket] = [:]
    var records: [AssociationID: AssociationRecord] = [:]
    var byRemote: [NTPEndpoint: [AssociationID]] = [:]
    /// The ephemeral association of each source address (at most one).
    var ephemeralByAddress: [IPAddress: AssociationID] = [:]
    /// Addresses of running configured associations, with how many use
    /// each: such a source never gets an ephemeral association too.
    var configuredSources: [IPAddress: Int] = [:]
    /// Who may create ephemeral associations, and how often.
    var ephemeralAdmission = EphemeralAdmission<IPAddress>()
    var nextAssociationID: UInt32 = 1
    /// Preemptable associations dropped while better sources exist, by name:
    /// configured still, but not running (see EngineCore+Preemption).
    var demobilized: [String: DemobilizedAssociation] = [:]
    // Built from the initial configuration so its rate limit is in force from the start
    // (apply only rebuilds the server when the policy changes).
    lazy var server = NTPServer<IPAddress>(rateLimit: configuration.rateLimit)
    var keys = KeyTable()
    var system: SystemVariables
    var discipline: ClockDiscipline
    var statuses: [AssociationID: SourceSelectionStatus] = [:]
    var systemPeer: AssociationID?
    /// Time of the last system-peer sample the discipline used.
    var lastDisciplinedSample: MonotonicInstant?
    var systemJitter = 0.0
    var counters = EngineCounters()
    var jitter: PollJitter
    /// Datagrams to send; the owner drains it after every call.
    var outbox: [OutgoingDatagram] = []
    /// Events for the owner to log and deliver; it drains them after every call.
    var events: [TimedEngineEvent] = []
    /// The system variables last served (and pushed to the associations):
    /// a change from them is a synchronization, stratum or leap event.
    var announcedSystem: SystemVariables
    /// Host names waiting for the owner to resolve them.
    var pendingResolutions: Set<String> = []
    /// Configured names that failed to resolve, retried with a back-off.
    var resolutionFailures: [String: HostResolutionFailure] = [:]
    var pending: [UInt64: PreparedChange] = [:]
    var nextPreparedID: UInt64 = 1
    var generation = 0
    /// Increments whenever the set of sockets changes.
    var socketsGeneration = 0

    init(hostClock: any HostClock, driver: any EngineClockDriver, options: EngineOptions = EngineOptions()) {
        self.hostClock = hostClock
        self.driver = driver
        self.options = options
        self.jitter = PollJitter(seed: options.randomSeed)
        self.system = .unsynchronized(precision: options.precision)
        self.discipline = ClockDiscipline(
            parameters: options.discipline, initialFrequency: options.initialFrequency, systemPrecision: options.precision
        )
        self.system.pollExponent = discipline.pollExponent
        self.announcedSystem = system
        if let frequency = options.initialFrequency {
            self.driver.setFrequency(frequency)
        }
    }

    /// Now on the disciplined clock.
    func localNow() -> LocalTimestamp {
        let reading = hostClock.read()
        return driver.localTime(for: reading)
    }

    /// The local-clock source when a refclock-master stratum is configured.
    var refclockMaster: ReferenceClockMaster? {
        configuration.refclockMasterStratum.map { ReferenceClockMaster(stratum: $0) }
    }

    /// What this host claims about its clock in packets it sends now.
    func servedVariables(now: NTPTimestamp) -> SystemVariables {
        ServedClock.variables(system: system, refclockMaster: refclockMaster, now: now)
    }

    /// Tells every association what the system variables are now, and
    /// reports what changed in them (``ServedClockChange``).
    func pushSystemVariables(now: LocalTimestamp) {
        let served = servedVariables(now: now.wall)
        for event in ServedClockChange.events(from: announcedSystem, to: served, offset: discipline.lastOffset) {
            emit(event)
        }
        announcedSystem = served
        for id in records.keys {
            // An unsync-max-poll cap can cut the interval in progress short.
            if let earlier = records[id]?.machine.systemVariablesChanged(served) {
                records[id]!.nextPoll = jitter.spread(earlier, now: now.monotonic)
            }
        }
    }

    /// When the next association poll is due, or an ephemeral association's
    /// deadline to become reachable passes.
    func nextDeadline() -> MonotonicInstant? {
        let timers = records.values.lazy.flatMap { [$0.nextPoll, $0.reachDeadline] }.compactMap { $0 }.min()
        let retries = resolutionFailures.values.lazy.filter { !$0.retrying }.map(\.nextRetry).min()
        return [timers, retries].compactMap { $0 }.min()
    }

    /// Removes the ephemeral associations past their deadline, then runs
    /// every poll that is due.
    func fireDueTimers() {
        let now = localNow()
        let expired = records.values.filter { $0.reachDeadline.map { $0 <= now.monotonic } ?? false }.map(\.id).sorted()
        for id in expired { _ = reapIfUnreached(id, now: now.monotonic) }
        retryResolutions(now: now.monotonic)
        let due = records.values.filter { $0.nextPoll.map { $0 <= now.monotonic } ?? false }.map(\.id).sorted()
        for id in due {
            guard records[id] != nil else { continue }
            records[id]!.nextPoll = nil
            let regular = records[id]!.machine.nextPollIsRegular
            let actions = records[id]!.machine.pollDue(now: now)
            handle(actions, for: id, now: now)
            if regular { preemptIfDue(id) }
        }
    }

    func resetCounters() {
        counters = EngineCounters()
        for id in records.keys {
            records[id]?.packetsSent = 0
            records[id]?.packetsReceived = 0
        }
    }

    /// Closes every socket and forgets every association (shutdown).
    func stopAll() {
        for change in pending.values { change.release() }
        pending.removeAll()
        for socket in sockets.values { socket.close() }
        sockets.removeAll()
        records.removeAll()
        demobilized.removeAll()
        byRemote.removeAll()
        ephemeralByAddress.removeAll()
        configuredSources.removeAll()
        resolutionFailures.removeAll()
        socketsGeneration += 1
    }
}
