import AccessControl
import Accounts
import ArgumentParser
import Dispatch
import Glibc
import Logging
import Datastore
import NetconfServer
import Notifications
import NTPEngine
import NTPService
import NTPYangBinding
import SSHTransport
import StateFiles
import YangData

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the agent: serve NETCONF over SSH until SIGTERM or SIGINT.")

    @Option(name: .customLong("state-dir"), help: "State directory (host keys, users, datastores; after a first run, admin-password until admin's first login).")
    var stateDir: String?
    @Option(name: .customLong("netconf-listen"), help: "ADDR:PORT or [IPV6]:PORT to accept NETCONF over SSH on (repeatable).")
    var listen: [String] = []
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning or error.")
    var logLevel: String = "info"
    @Option(name: .customLong("max-sessions"), help: "NETCONF sessions allowed at once.")
    var maxSessions: Int = 1024
    @Option(name: .customLong("idle-timeout"), help: "Seconds without input before a session is closed (0: never).")
    var idleTimeout: Int = 3600
    @Option(name: .customLong("login-grace-time"), help: "Seconds a connection has to authenticate and start NETCONF.")
    var loginGraceTime: Int = 30
    @Option(name: .customLong("max-auth-tries"), help: "Failed authentication attempts before the connection is dropped.")
    var maxAuthTries: Int = 6
    @Option(name: .customLong("max-startups"), help: ArgumentHelp(
        "Connections not yet logged in: random early drop from START (RATE% rising to 100%), all refused at FULL; N alone is a hard limit (OpenSSH MaxStartups).",
        valueName: "START:RATE:FULL"))
    var maxStartups: String = MaxStartups.default.description
    @Option(name: .customLong("per-source-max-startups"), help: ArgumentHelp(
        "Connections not yet logged in from one address, or none (OpenSSH PerSourceMaxStartups).", valueName: "N"))
    var perSourceMaxStartups: String = "\(SSHServerConfiguration.defaultPerSourceMaxStartups)"
    @Option(name: .customLong("max-message-size"), help: "Largest NETCONF message accepted, in bytes.")
    var maxMessageSize: Int = 16 << 20

    @Option(name: .customLong("max-reply-size"), help: "Largest NETCONF reply sent, in bytes; a larger one is answered with a too-big rpc-error. At most 16777216 (the transport drops a client with more than 32 MiB of unread output).")
    var maxReplySize: Int = 16 << 20

    @Option(name: .customLong("max-inline-input"), help: "Unread input of an idle session, in bytes, that the SSH thread frames, parses and answers itself when no wait is needed; larger input is handled off it. 0: all of it off the SSH thread.")
    var maxInlineInput: Int = 16 << 10
    @Option(name: .customLong("yang-dir"), help: "Directory holding Meridian's own YANG modules (repeatable).")
    var yangDirectories: [String] = []
    @Option(name: .customLong("ntp-port"), help: "UDP port of the NTP engine; overrides meridian-ntp:port.")
    var ntpPort: UInt16?
    @Option(name: .customLong("clock"), help: "virtual (default: the host clock is never changed) or system (root: discipline the host clock).")
    var clock: String = "virtual"
    @Option(name: .customLong("ntp-broadcast-poll"), help: .hidden)
    var ntpBroadcastPoll: Int8?
    @Option(name: .customLong("initial-config"), help: "<config> XML to start from when the state directory has no saved configuration.")
    var initialConfig: String?
    @Option(name: .customLong("nacm-recovery-user"), help: ArgumentHelp(
        "A NETCONF user whose sessions bypass access control (NACM), the recovery session of RFC 8341 §3.2.1; repeatable (default: none).",
        valueName: "name"))
    var nacmRecoveryUsers: [String] = []

    @Option(name: .customLong("commit-history"), help: ArgumentHelp(
        "Commits the commit history keeps (meridian-commits /commits/commit), saved with running; 0: no history.", valueName: "N"))
    var commitHistory: Int = 100
    @Option(name: .customLong("notification-log-size"), help: ArgumentHelp(
        "Events the replay log keeps (RFC 5277 startTime), in the state directory across restarts; the oldest go first.", valueName: "N"))
    var notificationLogSize: Int = 1000
    @Option(name: .customLong("notification-log-age"), help: ArgumentHelp(
        "Seconds an event stays in the replay log.", valueName: "S"))
    var notificationLogAge: Int = 86_400
    @Option(name: .customLong("notification-queue"), help: ArgumentHelp(
        "Events one subscription may fall behind before it is ended with notificationComplete (the session stays open).", valueName: "N"))
    var notificationQueue: Int = 1024

    @Option(name: .customLong("user"), help: "Started as root: the user to run as (default: meridian if it exists; root: stay root).")
    var user: String?

    func validate() throws {
        for address in listen where ListenAddressArgument.parse(address) == nil {
            throw ValidationError("--netconf-listen '\(address)' is not ADDR:PORT or [IPV6]:PORT")
        }
        guard let level = Logger.Level(rawValue: logLevel), level != .critical else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error")
        }
        guard NTPEngine.ClockMode(rawValue: clock) != nil else {
            throw ValidationError("--clock must be virtual or system")
        }
        if clock == "system", getuid() != 0, !CapabilitySet.permitted().contains(.sysTime) {
            throw ValidationError("--clock system needs root or CAP_SYS_TIME (it disciplines the host clock with clock_adjtime)")
        }
        if case .failure(let error) = RunIdentity.resolve(user: user) { throw ValidationError(error.description) }
        guard (0...100_000).contains(commitHistory) else { throw ValidationError("--commit-history must be from 0 to 100000") }
        guard (0...1_000_000).contains(notificationLogSize) else { throw ValidationError("--notification-log-size must be from 0 to 1000000") }
        guard notificationLogAge >= 0 else { throw ValidationError("--notification-log-age must not be negative") }
        guard (1...1_000_000).contains(notificationQueue) else { throw ValidationError("--notification-queue must be from 1 to 1000000") }
        guard maxSessions > 0 else { throw ValidationError("--max-sessions must be positive") }
        guard idleTimeout >= 0 else { throw ValidationError("--idle-timeout must not be negative") }
        guard loginGraceTime > 0 else { throw ValidationError("--login-grace-time must be positive") }
        guard maxAuthTries > 0 else { throw ValidationError("--max-auth-tries must be positive") }
        guard maxMessageSize >= 4096 else { throw ValidationError("--max-message-size must be at least 4096") }
        guard (4096...(16 << 20)).contains(maxReplySize) else { throw ValidationError("--max-reply-size must be from 4096 to 16777216") }
        guard (0...(1 << 20)).contains(maxInlineInput) else { throw ValidationError("--max-inline-input must be from 0 to 1048576") }
        guard MaxStartups(parsing: maxStartups) != nil else {
            throw ValidationError("--max-startups '\(maxStartups)' is not START:RATE:FULL (1 <= START <= FULL, RATE 1-100) or N")
        }
        guard perSourceLimit != nil else {
            throw ValidationError("--per-source-max-startups '\(perSourceMaxStartups)' is not a positive number or none")
        }
    }

    /// `--per-source-max-startups`: .some(nil) for none, nil when malformed.
    private var perSourceLimit: Int?? {
        if perSourceMaxStartups == "none" { return .some(nil) }
        guard let n = Int(perSourceMaxStartups), n > 0 else { return nil }
        return .some(n)
    }

    func run() throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "meridiand")
        do {
            try serve(logger: logger)
        } catch {
            printError("meridiand: \(error)")
            throw ExitCode.failure
        }
    }

    private func serve(logger: Logger) throws {
        SignalWaiter.blockTerminationSignals()
        signal(SIGPIPE, SIG_IGN)
        let state = StateDirectory(stateDir)
        let (context, initialBytes) = try giveUpRoot(state, logger: logger)
        let keys: (paths: [String], generated: [String])
        do { keys = try HostKeyStore.ensureKeys(in: state.path) } catch { throw StartupError("\(error)") }
        for name in keys.generated { logger.notice("generated SSH host key", metadata: ["file": "\(state.path)/\(name)"]) }
        let users = UserDatabase(directory: state.path)
        // On a first run `admin` is created once the listeners are up (below): a start that
        // fails before leaves no user whose password nobody saw.
        let firstRun = FirstRun.isFirstRun(users)
        let passwordFileLeft = !firstRun && access(FirstRun.passwordFile(in: state.path), F_OK) == 0
        let authenticator = FirstLoginWatch(users: users, watching: firstRun || passwordFileLeft, logger: logger)
        // --ntp-broadcast-poll (hidden): broadcast/multicast send interval 2^N s for labs and
        // tests; the model has no such leaf, so it is 2^6 s otherwise.
        // The precision announced and used as the floor of jitter and delay margins: measured
        // from this host's clock, not the RFC's example of about a microsecond.
        var engineOptions = EngineOptions(precision: ClockPrecision.measure())
        engineOptions.broadcastPollExponent = ntpBroadcastPoll
        // The event stream exists before the engine, whose events it carries from the start.
        let (events, eventLogFile) = eventStream(in: state.path, logger: logger)
        let engine: NTPEngine
        do {
            engine = try NTPEngine(
                clock: NTPEngine.ClockMode(rawValue: clock) ?? .virtual, options: engineOptions, logger: Logger(label: "meridian.ntp"),
                eventHandler: Self.ntpEventHandler(events))
        } catch {
            throw StartupError("the NTP engine cannot start: \(error.message)")
        }
        let defaultDeny = DefaultDeny.table(from: context)
        let access = AccessControl(defaults: defaultDeny, recoveryUsers: Set(nacmRecoveryUsers))
        let datastores = DatastoreService(
            context: context, stateDirectory: state.path, secrets: NTPKeySecretsAtRest(stateDirectory: state.path),
            applier: AccessControlApplier(inner: EngineApplier(engine: engine, portOverride: ntpPort), access: access),
            validators: [StagedValidator(NTPRules(devices: SystemNetworkDevices()), then: NTPImplementationLimits())],
            commitHistory: commitHistory, secretPaths: Set(defaultDeny.filter { $0.value == .all }.keys))
        try InitialConfiguration.install(initialBytes, into: state.path)
        let loaded = try BlockingAwait.run {
            do { return try await datastores.load() } catch let error as ApplyFailure {
                throw StartupError("the saved configuration cannot be loaded: \(error.errors.map { $0.message ?? "\($0.tag)" }.joined(separator: "; "))")
            }
        }
        switch loaded {
        case .nothing: logger.notice("no saved configuration: running is empty")
        case .runningOfThisBoot: logger.notice("running restored as saved (same host boot)")
        case .startup(afterBoot: true): logger.notice("the host booted since running was saved: running loaded from startup")
        case .startup(afterBoot: false): logger.notice("running loaded from startup")
        case .runningWithoutStartup: logger.notice("the host booted, but there is no startup datastore: running restored as saved")
        case .confirmedCommitRolledBack:
            logger.warning("a confirmed commit was pending when meridiand stopped: running rolled back to the configuration before it")
        }

        var sshConfiguration = SSHServerConfiguration(
            listen: listen.isEmpty ? [.init(host: "127.0.0.1", port: 830)] : listen.compactMap(ListenAddressArgument.parse),
            hostKeyPaths: keys.paths)
        sshConfiguration.maxAuthTries = maxAuthTries
        sshConfiguration.loginGraceTime = .seconds(loginGraceTime)
        sshConfiguration.maxStartups = MaxStartups(parsing: maxStartups) ?? .default
        sshConfiguration.perSourceMaxStartups = perSourceLimit ?? SSHServerConfiguration.defaultPerSourceMaxStartups
        sshConfiguration.idleTimeout = idleTimeout == 0 ? nil : .seconds(idleTimeout)
        var netconfConfiguration = NetconfServerConfiguration()
        netconfConfiguration.maxSessions = maxSessions
        netconfConfiguration.maxMessageSize = maxMessageSize
        netconfConfiguration.maxReplySize = maxReplySize
        netconfConfiguration.maxInlineInput = maxInlineInput
        netconfConfiguration.extraCapabilities = NetconfServer.datastoreCapabilities + NetconfServer.notificationCapabilities
            + context.implementedModules.map(\.capabilityURI)

        let netconf = NetconfServer(configuration: netconfConfiguration, logger: logger)
        netconf.enforce(access, modulesByNamespace: Dictionary(
            context.implementedModules.map { ($0.namespace, $0.name) }, uniquingKeysWith: { first, _ in first }))
        netconf.serveDatastores(datastores)
        netconf.serveMonitoring(datastores)
        netconf.serveCommitHistory(datastores)
        netconf.serveNotifications(events, context: context, queueCapacity: notificationQueue)
        let portOverride = ntpPort
        netconf.register(OperationKey(namespace: NTPOperations.namespace, name: "reset-statistics"), .task({ _, _ in
            await NTPOperations.resetStatistics(engine)
        }))
        netconf.register(OperationKey(namespace: NTPOperations.namespace, name: "plan"), .task({ _, _ in
            await NTPOperations.plan(datastores, engine: engine, portOverride: portOverride)
        }))
        let engineState = EngineStateSource(engine: engine)
        try BlockingAwait.run {
            await datastores.addStateSource(engineState)
            await datastores.addStateSource(OSInterfacesState())
            await datastores.addStateSource(AccessControlState(access: access))
            await datastores.addStateSource(NotificationStreamsState(hub: events))
            // After the load: starting from the saved configuration is not a change (RFC 6470).
            if let observer = netconf.commitObserver() { await datastores.observeCommits(observer) }
        }
        let advertised = netconf.capabilities
        try BlockingAwait.run { await datastores.setAdvertisedCapabilities(advertised) }
        let ssh: SSHServer
        do {
            ssh = try SSHServer(configuration: sshConfiguration, authenticator: authenticator, handler: netconf, logger: logger)
            netconf.attach(ssh)
            try ssh.start()
        } catch { throw StartupError("\(error)") }
        if firstRun {
            do { try FirstRun.createAdmin(in: users) } catch {
                ssh.stop()
                BlockingAwait.wait { await engine.shutdown() }
                throw error
            }
        } else if passwordFileLeft {
            logger.notice("the first-run password of 'admin' is still in the file; it is removed at admin's first login", metadata: [
                "file": "\(FirstRun.realPath(FirstRun.passwordFile(in: state.path)))",
            ])
        }
        logger.info("meridiand ready: NETCONF over SSH", metadata: [
            "listen": "\(sshConfiguration.listen.map(\.description).joined(separator: ","))",
            "state-dir": "\(state.path)",
        ])
        let received = SignalWaiter.waitForTermination {
            logger.notice("SIGHUP: nothing to reload (the configuration changes through NETCONF); still running")
        }
        logger.info("shutting down", metadata: ["signal": "\(received == SIGINT ? "SIGINT" : "SIGTERM")"])
        ssh.stop()
        // Commits whose group write is still under way reach the disk before the exit.
        BlockingAwait.wait { await datastores.flush() }
        let eventLogFailure: String?
        do { eventLogFailure = try BlockingAwait.value { await eventLogFile.flush() } } catch { eventLogFailure = "\(error)" }
        if let eventLogFailure {
            logger.error("cannot save the notification replay log at shutdown", metadata: ["error": "\(eventLogFailure)"])
        }
        BlockingAwait.wait { await engine.shutdown() }
        logger.info("stopped")
    }
}
