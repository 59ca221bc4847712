import Accounts
import Dispatch
import Glibc
import Logging
import Datastore
import NetconfServer
import NTPEngine
import NTPService
import NTPYangBinding
import SSHTransport
import StateFiles
import YangData

struct RunCommand: MeridiandCommand {
    static let spec = CommandSpec(
        path: ["run"], abstract: "Run the agent: serve NETCONF over SSH until SIGTERM or SIGINT.",
        options: [
            .single("state-dir", "DIR", help: "State directory (host keys, users, datastores)."),
            .repeatable("netconf-listen", "ADDR:PORT", default: "127.0.0.1:830",
                        help: "ADDR:PORT or [IPV6]:PORT to accept NETCONF over SSH on (repeatable)."),
            .single("log-level", "LEVEL", default: "info", help: "trace, debug, info, notice, warning or error."),
            .single("max-sessions", "N", default: "1024", help: "NETCONF sessions allowed at once."),
            .single("idle-timeout", "SECONDS", default: "3600", help: "Seconds without input before a session is closed (0: never)."),
            .single("login-grace-time", "SECONDS", default: "30", help: "Seconds a connection has to authenticate and start NETCONF."),
            .single("max-auth-tries", "N", default: "6", help: "Failed authentication attempts before the connection is dropped."),
            .single("max-message-size", "BYTES", default: "\(16 << 20)", help: "Largest NETCONF message accepted, in bytes."),
            .repeatable("yang-dir", "DIR", help: "Directory holding Meridian's own YANG modules (repeatable)."),
            .single("ntp-port", "N", help: "UDP port of the NTP engine; overrides meridian-ntp:port."),
            .single("clock", "virtual|system", default: "virtual",
                    help: "virtual (default: the host clock is never changed) or system (root: discipline the host clock)."),
            .single("ntp-broadcast-poll", "N", help: "Broadcast and multicast send interval, 2^N s.", hidden: true),
            .single("initial-config", "FILE", help: "<config> XML to start from when the state directory has no saved configuration."),
        ])

    let stateDir: String?
    let listen: [String]
    let logLevel: String
    let maxSessions: Int
    let idleTimeout: Int
    let loginGraceTime: Int
    let maxAuthTries: Int
    let maxMessageSize: Int
    let yangDirectories: [String]
    let ntpPort: UInt16?
    let clock: String
    let ntpBroadcastPoll: Int8?
    let initialConfig: String?

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        stateDir = try arguments.optionalValue(of: "state-dir")
        listen = try arguments.values(of: "netconf-listen")
        logLevel = try arguments.value(of: "log-level")
        maxSessions = try arguments.value(of: "max-sessions")
        idleTimeout = try arguments.value(of: "idle-timeout")
        loginGraceTime = try arguments.value(of: "login-grace-time")
        maxAuthTries = try arguments.value(of: "max-auth-tries")
        maxMessageSize = try arguments.value(of: "max-message-size")
        yangDirectories = try arguments.values(of: "yang-dir")
        ntpPort = try arguments.optionalValue(of: "ntp-port")
        clock = try arguments.value(of: "clock")
        ntpBroadcastPoll = try arguments.optionalValue(of: "ntp-broadcast-poll")
        initialConfig = try arguments.optionalValue(of: "initial-config")
    }

    func validate() throws(UsageError) {
        for address in listen where ListenAddressArgument.parse(address) == nil {
            throw UsageError("--netconf-listen '\(address)' is not ADDR:PORT or [IPV6]:PORT")
        }
        guard let level = Logger.Level(rawValue: logLevel), level != .critical else {
            throw UsageError("--log-level must be one of trace, debug, info, notice, warning, error")
        }
        guard NTPEngine.ClockMode(rawValue: clock) != nil else {
            throw UsageError("--clock must be virtual or system")
        }
        if clock == "system", getuid() != 0 {
            throw UsageError("--clock system needs root (it disciplines the host clock with clock_adjtime)")
        }
        guard maxSessions > 0 else { throw UsageError("--max-sessions must be positive") }
        guard idleTimeout >= 0 else { throw UsageError("--idle-timeout must not be negative") }
        guard loginGraceTime > 0 else { throw UsageError("--login-grace-time must be positive") }
        guard maxAuthTries > 0 else { throw UsageError("--max-auth-tries must be positive") }
        guard maxMessageSize >= 4096 else { throw UsageError("--max-message-size must be at least 4096") }
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
        try state.prepare()
        let keys: (paths: [String], generated: [String])
        do { keys = try HostKeyStore.ensureKeys(in: state.path) } catch { throw StartupError("\(error)") }
        for name in keys.generated { logger.notice("generated SSH host key", metadata: ["file": "\(state.path)/\(name)"]) }
        let users = UserDatabase(directory: state.path)
        try FirstRun.ensureAdmin(in: users)
        let context = try SchemaLoader.context(yangDirectories: yangDirectories)
        // --ntp-broadcast-poll (hidden): broadcast/multicast send interval 2^N s for labs and
        // tests; the model has no such leaf, so it is 2^6 s otherwise.
        let engine = NTPEngine(
            clock: NTPEngine.ClockMode(rawValue: clock) ?? .virtual,
            options: ntpBroadcastPoll.map { EngineOptions(broadcastPollExponent: $0) }, logger: Logger(label: "meridian.ntp"))
        let datastores = DatastoreService(
            context: context, stateDirectory: state.path,
            applier: EngineApplier(engine: engine, portOverride: ntpPort), validators: [StagedValidator(NTPRules(), then: NTPImplementationLimits())])
        try InitialConfiguration.install(initialConfig, into: state.path)
        try BlockingAwait.run {
            do { try await datastores.load() } catch let error as ApplyFailure {
                throw StartupError("the saved configuration cannot be loaded: \(error.errors.map { $0.message ?? "\($0.tag)" }.joined(separator: "; "))")
            }
        }

        var sshConfiguration = SSHServerConfiguration(
            listen: listen.compactMap(ListenAddressArgument.parse),
            hostKeyPaths: keys.paths)
        sshConfiguration.maxAuthTries = maxAuthTries
        sshConfiguration.loginGraceTime = .seconds(loginGraceTime)
        sshConfiguration.idleTimeout = idleTimeout == 0 ? nil : .seconds(idleTimeout)
        var netconfConfiguration = NetconfServerConfiguration()
        netconfConfiguration.maxSessions = maxSessions
        netconfConfiguration.maxMessageSize = maxMessageSize
        netconfConfiguration.extraCapabilities =
            NetconfServer.datastoreCapabilities + context.implementedModules.map(\.capabilityURI)

        let netconf = NetconfServer(configuration: netconfConfiguration, logger: logger)
        netconf.serveDatastores(datastores)
        netconf.serveMonitoring(datastores)
        let portOverride = ntpPort
        netconf.register(OperationKey(namespace: NTPOperations.namespace, name: "reset-statistics"), .task({ _, _ in
            await NTPOperations.resetStatistics(engine)
        }))
        netconf.register(OperationKey(namespace: NTPOperations.namespace, name: "plan"), .task({ _, _ in
            await NTPOperations.plan(datastores, portOverride: portOverride)
        }))
        let engineState = EngineStateSource(engine: engine)
        try BlockingAwait.run {
            await datastores.addStateSource(engineState)
            await datastores.addStateSource(OSInterfacesState())
        }
        let advertised = netconf.capabilities
        try BlockingAwait.run { await datastores.setAdvertisedCapabilities(advertised) }
        let ssh: SSHServer
        do {
            ssh = try SSHServer(configuration: sshConfiguration, authenticator: users, handler: netconf, logger: logger)
            netconf.attach(ssh)
            try ssh.start()
        } catch { throw StartupError("\(error)") }
        logger.info("meridiand ready: NETCONF over SSH", metadata: [
            "listen": "\(sshConfiguration.listen.map(\.description).joined(separator: ","))",
            "state-dir": "\(state.path)",
        ])
        let received = SignalWaiter.waitForTermination()
        logger.info("shutting down", metadata: ["signal": "\(received == SIGINT ? "SIGINT" : "SIGTERM")"])
        ssh.stop()
        // Commits whose group write is still under way reach the disk before the exit.
        try? BlockingAwait.run { await datastores.flush() }
        try? BlockingAwait.run { await engine.shutdown() }
        logger.info("stopped")
    }
}
