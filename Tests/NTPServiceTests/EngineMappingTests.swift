import ModelTestSupport
import NTPCore
@testable import NTPEngine
@testable import NTPService
import NTPYangBinding
import NetconfModel
@testable import Datastore
import Testing
import YangData

@Suite struct EngineMappingTests {
    static let yangDirectory = MeridianModelContext.yangDirectory
    static let context = MeridianModelContext.context

    static let mntp = "urn:meridian:params:xml:ns:yang:meridian-ntp"

    static func configuration(_ xml: String) throws -> NTPConfiguration {
        let tree = try DataTree.parse(xml: xml, context: context)
        try tree.validate()
        return NTPConfiguration(tree.roots)
    }

    @Test func serversBecomeAssociationsWithTheirSettings() throws {
        let ntp = try Self.configuration("""
            <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp>
              <port xmlns="\(Self.mntp)">10124</port>
              <source-interface xmlns="\(Self.mntp)">lo2</source-interface>
              <server><name>C</name><udp><address>127.0.1.31</address><port>10123</port></udp><iburst>true</iburst>
                <minpoll xmlns="\(Self.mntp)">1</minpoll><maxpoll xmlns="\(Self.mntp)">2</maxpoll></server>
              <server><name>E</name><udp><address>127.0.1.33</address></udp><association-type>peer</association-type></server>
            </ntp></system>
            <interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>lo2</name>
              <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:softwareLoopback</type>
              <ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>127.0.1.32</ip><prefix-length>32</prefix-length></address></ipv4>
            </interface></interfaces>
            """)
        let engine = EngineConfiguration(ntp)
        #expect(engine.port == 10124)
        let c = try #require(engine.associations.first { $0.name == "C" })
        #expect(c.kind == .server && c.host == "127.0.1.31" && c.port == 10123 && c.initialBurst)
        #expect(c.minimumPollExponent == 1 && c.maximumPollExponent == 2)
        #expect(c.sourceAddress == IPAddress("127.0.1.32"), "the global source interface gives the source address")
        #expect(engine.associations.first { $0.name == "E" }?.kind == .peer)
        #expect(EngineConfiguration(ntp, portOverride: 20123).port == 20123)
    }

    @Test func absentOrDisabledNTPStopsTheEngine() throws {
        let absent = try Self.configuration("<system xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><hostname>x</hostname></system>")
        #expect(EngineConfiguration(absent) == .stopped)
        let disabled = try Self.configuration("<system xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp><enabled>false</enabled></ntp></system>")
        #expect(EngineConfiguration(disabled) == .stopped)
    }

    @Test func refclockMasterAndListenInterface() throws {
        let ntp = try Self.configuration("""
            <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp>
              <refclock-master xmlns="\(Self.mntp)"><stratum>2</stratum></refclock-master>
              <listen-interface xmlns="\(Self.mntp)">lo1</listen-interface>
            </ntp></system>
            <interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>lo1</name>
              <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:softwareLoopback</type>
              <ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>127.0.1.31</ip><prefix-length>32</prefix-length></address></ipv4>
            </interface></interfaces>
            """)
        let engine = EngineConfiguration(ntp)
        #expect(engine.refclockMasterStratum == 2)
        #expect(engine.listenAddresses == [IPAddress("127.0.1.31")!])
    }

    @Test func hmacKeysAreReportedAsUnsupported() throws {
        let ntp = try Self.configuration("""
            <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp><authentication xmlns="\(Self.mntp)">
              <key><key-id>3</key-id><algorithm>hmac-sha256</algorithm><hex-key>00112233445566778899aabbccddeeff</hex-key></key>
            </authentication></ntp></system>
            """)
        #expect(EngineConfiguration.unsupported(ntp).map(\.path) == ["/ietf-system:system/ntp/meridian-ntp:authentication/key[key-id='3']/algorithm"])
    }

    @Test func engineStateRendersAsValidModelData() async throws {
        let engine = try NTPEngine()
        try await engine.configure(EngineConfiguration(port: 0, serverEnabled: false, refclockMasterStratum: 3))
        let xml = EngineStateXML.render(await engine.snapshot())
        await engine.shutdown()
        let tree = try DataTree.parse(xml: xml, context: Self.context, as: .data)
        let state = try #require(tree.roots.first { $0.name == "system-state" }?["ntp", "clock-state"])
        #expect(state.child("status")?.value == "synchronized")
        #expect(state.child("stratum")?.value == "3")
        #expect(state.child("reference-id")?.value == "LOCL")
        #expect(tree.roots.first?["ntp", "statistics", "packets-sent"]?.value == "0")
    }

    @Test func millisecondsHaveSixFractionDigits() {
        #expect(EngineStateXML.milliseconds(-0.000_123_4) == "-0.123400")
        #expect(EngineStateXML.milliseconds(1.5) == "1500.000000")
        #expect(EngineStateXML.milliseconds(.nan) == "0")
    }
}

extension EngineMappingTests {
    @Test func rateLimitingIsOffUnlessConfigured() throws {
        let plain = try Self.configuration("<system xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp><enabled>true</enabled></ntp></system>")
        #expect(EngineConfiguration(plain).rateLimit == nil)
        let limited = try Self.configuration("""
            <system xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp>
              <rate-limit xmlns="\(Self.mntp)"><average-interval>4</average-interval></rate-limit>
            </ntp></system>
            """)
        let policy = try #require(EngineConfiguration(limited).rateLimit)
        #expect(policy.averageInterval == 4 && policy.burst == 8)
    }
}

extension EngineMappingTests {
    @Test func settingsTheEngineCannotDoYetAreRefusedWithTheirPath() throws {
        let tree = try DataTree.parse(xml: """
            <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp>
              <unsync-max-poll xmlns="\(Self.mntp)"><poll-interval>6</poll-interval><dec-step>1</dec-step></unsync-max-poll>
              <server><name>C</name><udp><address>127.0.1.31</address></udp><preempt xmlns="\(Self.mntp)">true</preempt></server>
            </ntp></system>
            <interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"><interface><name>lo1</name>
              <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:softwareLoopback</type>
              <ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>127.0.1.31</ip><prefix-length>32</prefix-length></address></ipv4>
              <ntp xmlns="\(Self.mntp)"><broadcast-server/>
                <multicast-server><group>239.1.1.1</group><ttl>4</ttl></multicast-server>
                <multicast-server><group>239.1.1.2</group><ttl>8</ttl></multicast-server></ntp>
            </interface></interfaces>
            """, context: Self.context)
        try tree.validate()
        let errors = NTPImplementationLimits().validate(NTPConfiguration(tree.roots))
        #expect(errors.map(\.tag) == [.operationNotSupported])
        #expect(errors.allSatisfy { $0.appTag == "not-implemented" && $0.type == .application })
        #expect(errors.map(\.path) == [
            "/ietf-interfaces:interfaces/interface[name='lo1']/meridian-ntp:ntp/multicast-server[group='239.1.1.2']/ttl",
        ], "broadcast, unsync-max-poll and preempt are implemented now")
        let plain = try DataTree.parse(xml: "<system xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp><enabled>true</enabled></ntp></system>", context: Self.context)
        #expect(NTPImplementationLimits().validate(NTPConfiguration(plain.roots)).isEmpty)
    }

    @Test func unsyncMaxPollAndPreemptReachTheEngine() throws {
        let ntp = try Self.configuration("""
            <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp>
              <unsync-max-poll xmlns="\(Self.mntp)"><poll-interval>5</poll-interval><dec-step>2</dec-step></unsync-max-poll>
              <server><name>C</name><udp><address>127.0.1.31</address></udp><preempt xmlns="\(Self.mntp)">true</preempt></server>
              <server><name>D</name><udp><address>127.0.1.32</address></udp></server>
            </ntp></system>
            """)
        let engine = EngineConfiguration(ntp)
        #expect(engine.unsynchronizedPollLimit == UnsynchronizedPollLimit(maximumPollExponent: 5, decrement: 2))
        #expect(engine.associations.map(\.preempt) == [true, false])
        let plain = try Self.configuration("<system xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp><enabled>true</enabled></ntp></system>")
        #expect(EngineConfiguration(plain).unsynchronizedPollLimit == nil)
        let plan = ReconcilePlanner.plan(old: EngineConfiguration(plain), new: engine)
        #expect(plan.contains { $0.target == "unsync-max-poll" && $0.detail == "off → poll-interval 5, dec-step 2" })
    }
}

extension EngineMappingTests {
    struct Fixed: ConfigValidator {
        let errors: [RPCError]
        func validate(_ config: ValidatedConfiguration) -> [RPCError] { errors }
    }

    @Test func stagedValidatorReportsTheModelRuleAlone() {
        let rule = RPCError.invalidValue("rule", type: .application)
        let limit = RPCError.operationNotSupported(operation: "x", type: .application)
        #expect(StagedValidator(Fixed(errors: [rule]), then: Fixed(errors: [limit])).validate(.empty) == [rule])
        #expect(StagedValidator(Fixed(errors: []), then: Fixed(errors: [limit])).validate(.empty) == [limit])
    }
}

extension EngineMappingTests {
    @Test func broadcastAndMulticastMapToSendersAndListeners() throws {
        let tree = try DataTree.parse(xml: """
            <system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><ntp>
              <authentication xmlns="\(Self.mntp)"><enabled>true</enabled></authentication>
            </ntp></system>
            <interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces">
              <interface><name>eth1</name>
                <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type>
                <ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>10.1.2.3</ip><prefix-length>24</prefix-length></address></ipv4>
                <ntp xmlns="\(Self.mntp)"><broadcast-server><version>3</version></broadcast-server><broadcast-client/>
                  <multicast-server><group>239.1.1.1</group><ttl>4</ttl></multicast-server>
                  <multicast-client><group>239.1.1.2</group></multicast-client></ntp>
              </interface>
              <interface><name>eth2</name>
                <type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ethernetCsmacd</type>
                <ipv4 xmlns="urn:ietf:params:xml:ns:yang:ietf-ip"><address><ip>10.9.9.9</ip><prefix-length>24</prefix-length></address></ipv4>
                <ntp xmlns="\(Self.mntp)"><enabled>false</enabled><broadcast-server/></ntp>
              </interface>
            </interfaces>
            """, context: Self.context)
        try tree.validate()
        let engine = EngineConfiguration(NTPConfiguration(tree.roots))
        let source = IPAddress("10.1.2.3")!
        #expect(engine.broadcastServers == [
            BroadcastServerSettings(name: "eth1 broadcast 10.1.2.255", source: source, destination: IPAddress("10.1.2.255")!, version: 3),
            BroadcastServerSettings(name: "eth1 multicast 239.1.1.1", source: source, destination: IPAddress("239.1.1.1")!, ttl: 4),
        ], "eth2 has NTP disabled: no broadcast from it")
        #expect(engine.broadcastClients == [
            BroadcastClientSettings(name: "eth1 broadcast 10.1.2.255", listen: IPAddress("10.1.2.255")!, source: source),
            BroadcastClientSettings(name: "eth1 multicast 239.1.1.2", listen: IPAddress("239.1.1.2")!, source: source),
        ])
        #expect(engine.authenticationRequired)
        #expect(engine.disabledAddresses == [IPAddress("10.9.9.9")!])
        #expect(NTPImplementationLimits().validate(NTPConfiguration(tree.roots)).isEmpty)
    }
}

extension EngineMappingTests {
    @Test func authenticationAndClockStepReachTheEngineWithTheModelsDefaults() throws {
        let plain = EngineConfiguration(try Self.configuration(
            "<system xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp><enabled>true</enabled></ntp></system>"))
        #expect(!plain.authenticationRequired)
        #expect(plain.clockStep == ClockStepSettings(threshold: 0.128, limit: 3, panicThreshold: 1000))
        let set = EngineConfiguration(try Self.configuration("""
            <system xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp>
              <authentication xmlns="\(Self.mntp)"><enabled>true</enabled></authentication>
              <clock-step xmlns="\(Self.mntp)"><threshold>0.5</threshold><limit>0</limit><panic-threshold>86400</panic-threshold></clock-step>
            </ntp></system>
            """))
        #expect(set.authenticationRequired)
        #expect(set.clockStep == ClockStepSettings(threshold: 0.5, limit: 0, panicThreshold: 86400))
    }

    @Test func aPanicThresholdBelowTheStepThresholdIsRefusedByTheModel() {
        #expect(throws: (any Error).self) {
            try Self.configuration("""
                <system xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp>
                  <clock-step xmlns="\(Self.mntp)"><threshold>5</threshold><panic-threshold>2</panic-threshold></clock-step>
                </ntp></system>
                """)
        }
    }

    @Test func theNewCountersRenderAsModelData() throws {
        var counters = EngineCounters()
        counters.ephemeralRefused = 7
        counters.stepsRefused = 2
        counters.invalidSource = 1
        let xml = EngineStateXML.statistics(counters)
        let tree = try DataTree.parse(
            xml: "<system-state xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp xmlns='\(Self.mntp)'>\(xml)</ntp></system-state>",
            context: Self.context, as: .data)
        let statistics = try #require(tree.roots.first?["ntp", "statistics"])
        #expect(statistics.child("ephemeral-refused")?.value == "7")
        #expect(statistics.child("steps-refused")?.value == "2")
        #expect(statistics.child("invalid-source")?.value == "1")
        #expect(statistics.child("unauthenticated-dropped")?.value == "0")
    }
}

extension EngineMappingTests {
    @Test func anUnresolvedAssociationRendersAsModelData() throws {
        let status = AssociationStatus(
            name: "lab", mode: .client, configured: true, remote: nil, host: "time.example", socket: nil,
            stratum: nil, referenceID: nil, leap: nil, prefer: false, keyID: nil, authenticated: false, reach: 0,
            hostPollExponent: 6, peerPollExponent: 6, sinceLastReceived: nil, offset: nil, delay: nil, dispersion: nil,
            jitter: nil, selection: nil, isRunning: false, stopReason: nil, packetsSent: 0, packetsReceived: 0,
            resolution: HostResolutionStatus(lastError: "Name or service not known", attempts: 3, retryIn: 7.2))
        let xml = try #require(EngineStateXML.unresolvedAssociation(status, now: 1_800_000_000))
        let tree = try DataTree.parse(
            xml: "<system-state xmlns='urn:ietf:params:xml:ns:yang:ietf-system'><ntp xmlns='\(Self.mntp)'>\(xml)</ntp></system-state>",
            context: Self.context, as: .data)
        let entry = try #require(tree.roots.first?["ntp", "unresolved-association"])
        #expect(entry.child("state")?.value == "unresolved")
        #expect(entry.child("last-error")?.value == "Name or service not known")
        #expect(entry.child("attempts")?.value == "3")
        #expect(entry.child("next-retry")?.value == "2027-01-15T08:00:08+00:00", "libyang canonical form of 08:00:08Z")
        var resolving = status
        resolving.resolution = HostResolutionStatus(lastError: nil, attempts: 0, retryIn: 0)
        #expect(EngineStateXML.unresolvedAssociation(resolving, now: 0)?.contains("<state>resolving</state>") == true)
    }
}
