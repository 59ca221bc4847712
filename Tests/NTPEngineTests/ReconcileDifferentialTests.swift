import Testing
import TestSupport
@testable import NTPCore
@testable import NTPEngine

/// The dry run is the commit: for seeded random sequences of configurations, the steps
/// `plan` shows before each change (what `mntp:plan` calls) are exactly the steps apply
/// carries out, and the engine afterwards runs the same associations on the same sockets
/// as a fresh engine given only the last configuration (state aside).
@Suite struct ReconcileDifferentialTests {
    static let local = ["10.0.0.3", "10.0.0.4"].compactMap(IPAddress.init)
    static let remotes = ["192.0.2.1", "192.0.2.2", "192.0.2.3", "2001:db8::1", "ntp.example"]

    @Test(arguments: 1...40 as ClosedRange<UInt64>)
    func plannedStepsAreTheStepsApplied(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let (core, network) = Self.engine()
        var applied = 0, steps = 0
        var new = Self.configuration(&random)
        for commit in 0..<16 {
            // Half the commits are a fresh configuration, half a few edits of the last one.
            new = Bool.random(using: &random) ? Self.configuration(&random) : Self.edited(new, &random)
            let planned = core.plan(new)
            let before = core.configuration
            let prepared: PreparedConfiguration
            do {
                prepared = try core.prepare(new, factory: network)
            } catch {
                #expect(core.configuration == before, "seed \(seed) commit \(commit): a refused prepare changed the engine")
                continue
            }
            #expect(prepared.steps == planned, "seed \(seed) commit \(commit)")
            let executed = core.apply(prepared.id)
            applied += 1
            steps += planned.count
            #expect(executed == planned, "seed \(seed) commit \(commit): planned \(planned), carried out \(executed ?? [])")
            #expect(core.plan(new).isEmpty, "seed \(seed) commit \(commit): the same configuration again plans something")

            let (fresh, freshNetwork) = Self.engine()
            fresh.apply(try fresh.prepare(new, factory: freshNetwork).id)
            #expect(Self.associations(core) == Self.associations(fresh), "seed \(seed) commit \(commit)")
            #expect(Set(core.sockets.keys) == Set(fresh.sockets.keys), "seed \(seed) commit \(commit)")
            #expect(Set(network.bound.keys) == Set(core.sockets.keys), "seed \(seed) commit \(commit): a socket leaked or was lost")
        }
        #expect(applied >= 8 && steps >= 20, "seed \(seed): the sequence exercised too little (\(applied) commits, \(steps) steps)")
    }

    static func engine() -> (EngineCore, InMemoryNetwork) {
        let network = InMemoryNetwork(hostAddresses: Set(local))
        network.broadcastAddresses = [IPAddress("10.0.0.255")!]
        let options = EngineOptions(randomSeed: 1)
        let core = EngineCore(hostClock: ManualHostClock(shared: .init(), offset: 0),
                              driver: VirtualClockDriver(parameters: options.discipline), options: options)
        return (core, network)
    }

    /// What identifies a static association, without its protocol state.
    struct Running: Hashable {
        var settings: AssociationSettings?
        var sender: BroadcastServerSettings?
        var remote: NTPEndpoint?
        var socket: SocketBinding
        var machine: AssociationConfiguration
    }

    static func associations(_ core: EngineCore) -> Set<Running> {
        Set(core.records.values.filter { $0.settings != nil || $0.broadcastServer != nil }.map {
            Running(settings: $0.settings, sender: $0.broadcastServer, remote: $0.remote, socket: $0.socket, machine: $0.machine.configuration)
        })
    }

    /// One to three small edits, as an operator's commit makes.
    static func edited(_ configuration: EngineConfiguration, _ random: inout SeededGenerator) -> EngineConfiguration {
        var edited = configuration == .stopped ? Self.configuration(&random) : configuration
        let other = Self.configuration(&random)
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            switch Int.random(in: 0..<12, using: &random) {
            case 0: edited.port = other.port
            case 1: edited.serverEnabled.toggle()
            case 2: edited.listenAddresses = other.listenAddresses
            case 3: edited.refclockMasterStratum = other.refclockMasterStratum
            case 4: edited.keys = other.keys
            case 5: edited.authenticationRequired.toggle()
            case 6: edited.broadcastServers = other.broadcastServers
            case 7: edited.broadcastClients = other.broadcastClients
            case 8: edited.unsynchronizedPollLimit = other.unsynchronizedPollLimit
            default:
                // One association: one of its settings changes, it goes, or one comes.
                guard !edited.associations.isEmpty else { edited.associations = other.associations; continue }
                let index = Int.random(in: 0..<edited.associations.count, using: &random)
                var association = edited.associations[index]
                switch Int.random(in: 0..<9, using: &random) {
                case 0: association.host = remotes.randomElement(using: &random)!
                case 1: association.prefer.toggle()
                case 2: association.keyID = edited.keys.randomElement(using: &random)?.id
                case 3: association.version = association.version == 4 ? 3 : 4
                case 4: association.maximumPollExponent = association.minimumPollExponent + Int8.random(in: 0...4, using: &random)
                case 5: association.kind = association.kind == .peer ? .server : .peer
                case 6: association.sourceAddress = association.sourceAddress == nil && IPAddress(association.host)?.isIPv4 == true ? local[1] : nil
                case 7: association.burst.toggle()
                default:
                    edited.associations.remove(at: index)
                    if let added = other.associations.first(where: { new in !edited.associations.contains { $0.name == new.name } }) {
                        edited.associations.append(added)
                    }
                    continue
                }
                edited.associations[index] = association
            }
        }
        return edited
    }

    static func configuration(_ random: inout SeededGenerator) -> EngineConfiguration {
        if Int.random(in: 0..<10, using: &random) == 0 { return .stopped }
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        let keys = (1...2).filter { _ in chance(50) }.map {
            SymmetricKey(id: UInt32($0), algorithm: .md5, secret: Array("secret\($0)".utf8), trusted: chance(80))
        }
        var configuration = EngineConfiguration(
            port: chance(85) ? 10123 : 10124,
            serverEnabled: chance(80),
            listenAddresses: local.filter { _ in chance(30) },
            refclockMasterStratum: chance(30) ? UInt8.random(in: 2...8, using: &random) : nil,
            keys: keys,
            rateLimit: chance(80) ? RateLimitPolicy() : nil,
            maximumDynamicAssociations: chance(80) ? 16 : 4,
            authenticationRequired: chance(20),
            disabledAddresses: local.filter { _ in chance(10) },
            unsynchronizedPollLimit: chance(20) ? UnsynchronizedPollLimit(maximumPollExponent: 5, decrement: 1) : nil
        )
        for name in ["s1", "s2", "s3", "s4"] where chance(55) {
            let host = remotes.randomElement(using: &random)!
            let ipv6 = IPAddress(host).map { !$0.isIPv4 } ?? false
            let minpoll = Int8.random(in: 4...6, using: &random)
            configuration.associations.append(AssociationSettings(
                name: name, kind: chance(25) ? .peer : .server, host: host, port: chance(80) ? 123 : 10123,
                version: chance(85) ? 4 : 3, keyID: chance(30) ? keys.randomElement(using: &random)?.id : nil,
                minimumPollExponent: minpoll, maximumPollExponent: minpoll + Int8.random(in: 0...4, using: &random),
                burst: chance(20), initialBurst: chance(50), prefer: chance(30), preempt: chance(15),
                sourceAddress: !ipv6 && chance(30) ? local.randomElement(using: &random) : nil,
                device: chance(5) ? "vrf-blue" : nil))
        }
        let source = local[0], group = IPAddress("224.0.1.1")!, broadcast = IPAddress("10.0.0.255")!
        if chance(25) {
            configuration.broadcastServers.append(BroadcastServerSettings(
                name: "eth0 broadcast 10.0.0.255", source: source, destination: broadcast, version: chance(80) ? 4 : 3))
        }
        if chance(25) {
            configuration.broadcastServers.append(BroadcastServerSettings(
                name: "eth0 multicast 224.0.1.1", source: source, destination: group, ttl: chance(70) ? 16 : 4))
        }
        if chance(25) {
            configuration.broadcastClients.append(BroadcastClientSettings(name: "eth1 broadcast 10.0.0.255", listen: broadcast, source: local[1]))
        }
        if chance(25) {
            configuration.broadcastClients.append(BroadcastClientSettings(name: "eth1 multicast 224.0.1.1", listen: group, source: local[1]))
        }
        return configuration
    }
}
