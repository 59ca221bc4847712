import NTPCore
public import Logging

/// The NTP engine on real sockets: a dedicated thread runs the protocol
/// (``EngineCore``) and the server's reply path; this type is the
/// thread-safe handle #5 drives.
///
///     let engine = try NTPEngine(logger: logger)   // throws when its thread cannot start
///     let prepared = try await engine.prepare(configuration)   // binds; may fail
///     await engine.apply(prepared)                              // cannot fail
///     let state = await engine.snapshot()
public final class NTPEngine: Sendable {
    /// Which clock the engine disciplines.
    public enum ClockMode: String, Sendable, CaseIterable {
        /// Host time plus the engine's own correction; the host clock is
        /// never touched (default).
        case virtual
        /// The host clock through `clock_adjtime` (root only).
        case system
    }

    private let loop: EngineLoop

    /// - Parameter eventHandler: receives every ``TimedEngineEvent`` in the
    ///   order the engine emitted it. It is called on the engine thread, the
    ///   thread that answers NTP requests, so it must only enqueue the event
    ///   (into a bounded buffer that drops rather than waits) and return: a
    ///   handler that blocks stops the engine.
    public init(
        clock: ClockMode = .virtual,
        options: EngineOptions? = nil,
        hostClock: any HostClock = SystemHostClock(),
        logger: Logger = Logger(label: "meridian.ntp"),
        eventHandler: EngineEventHandler? = nil
    ) throws(EngineError) {
        let driver: any EngineClockDriver
        var options = options ?? EngineOptions()
        switch clock {
        case .virtual:
            driver = VirtualClockDriver(parameters: options.discipline)
        case .system:
            let system = SystemClockDriver()
            if options.initialFrequency == 0 { options.initialFrequency = system.readFrequency() }
            driver = system
        }
        loop = EngineLoop(
            core: EngineCore(hostClock: hostClock, driver: driver, options: options), logger: logger, eventHandler: eventHandler)
        try loop.start()
    }

    deinit { loop.stop() }

    /// Validates `configuration` and binds the sockets it needs. Throws (and
    /// releases everything it bound) when a socket cannot be bound or the
    /// configuration is inconsistent; the running engine is unchanged.
    public func prepare(_ configuration: EngineConfiguration) async throws(EngineError) -> PreparedConfiguration {
        let result: Result<PreparedConfiguration, EngineError> = await perform { loop in
            do throws(EngineError) {
                return .success(try loop.engineCore.prepare(configuration, factory: loop.socketFactory))
            } catch {
                loop.log.notice("NTP configuration refused", metadata: ["reason": "\(error.message)"])
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// What preparing `configuration` now would do (the planner's steps from the running
    /// configuration): the dry run `mntp:plan` shows.
    public func plan(_ configuration: EngineConfiguration) async -> [ReconcileStep] {
        await perform { $0.engineCore.plan(configuration) }
    }

    /// Switches to a prepared configuration. Cannot fail. Returns the steps carried out.
    @discardableResult
    public func apply(_ prepared: PreparedConfiguration) async -> [ReconcileStep] {
        await perform { loop in
            let executed = loop.engineCore.apply(prepared.id)
            Self.logApplied(loop, steps: executed)
            return executed ?? []
        }
    }

    /// Hands the switch to a prepared configuration to the engine thread and returns at once:
    /// commands run in the order they are given, so what is asked of the engine after this
    /// call sees the new configuration. The result's `wait()` ends once it is applied.
    public func startApply(_ prepared: PreparedConfiguration) -> EngineCompletion {
        let completion = EngineCompletion()
        loop.submit { loop in
            Self.logApplied(loop, steps: loop.engineCore.apply(prepared.id))
            completion.finish()
        }
        return completion
    }

    /// Logs an apply; one whose change was aborted or superseded (nil steps) changed
    /// nothing, which is a bug of the caller: logged at error.
    private static func logApplied(_ loop: EngineLoop, steps: [ReconcileStep]?) {
        guard let steps else {
            loop.log.error("a prepared NTP configuration was applied after it was aborted or superseded; the engine is unchanged")
            return
        }
        loop.log.info("NTP configuration applied", metadata: [
            "steps": "\(steps.count)",
            "associations": "\(loop.engineCore.configuration.associations.count)",
            "sockets": "\(loop.engineCore.sockets.count)",
        ])
    }

    /// Releases what `prepare` bound.
    public func abort(_ prepared: PreparedConfiguration) async {
        await perform { $0.engineCore.abort(prepared.id) }
    }

    /// Prepare and apply in one step.
    public func configure(_ configuration: EngineConfiguration) async throws(EngineError) {
        let prepared = try await prepare(configuration)
        await apply(prepared)
    }

    public func snapshot() async -> EngineSnapshot {
        await perform { $0.engineCore.snapshot() }
    }

    public func resetStatistics() async {
        await perform { $0.engineCore.resetCounters() }
    }

    /// Stops the thread and closes every socket. The engine is unusable
    /// afterwards.
    public func shutdown() async {
        await perform { $0.engineCore.stopAll() }
        loop.stop()
    }

    private func perform<T: Sendable>(_ body: @escaping @Sendable (EngineLoop) -> T) async -> T {
        await withCheckedContinuation { continuation in
            loop.submit { loop in continuation.resume(returning: body(loop)) }
        }
    }
}
