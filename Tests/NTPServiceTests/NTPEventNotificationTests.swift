import ModelTestSupport
import NTPCore
import NTPEngine
@testable import NTPService
import Testing
import YangData

/// Every engine event renders as a meridian-ntp notification that libyang accepts against the
/// model (`lyd_parse_op` + `lyd_validate_op`): the renderer and the YANG cannot drift apart.
@Suite struct NTPEventNotificationTests {
    static let context = MeridianModelContext.context
    static let mntp = NTPEventNotification.namespace

    static let server = EventAssociation(
        id: AssociationID(3), name: "lab <&> \"server\"", remote: NTPEndpoint(address: IPAddress("192.0.2.7")!, port: 10123),
        mode: .client, configured: true)
    static let unresolved = EventAssociation(id: AssociationID(4), name: "ntp.example.net", remote: nil, mode: .symmetricActive, configured: true)
    static let passive = EventAssociation(
        id: AssociationID(9), name: "[2001:db8::9]:123", remote: NTPEndpoint(address: IPAddress("2001:db8::9")!, port: 123),
        mode: .symmetricPassive, configured: false)

    /// One of each event, and each optional part both present and absent.
    static let events: [EngineEvent] = [
        .synchronizationChanged(.init(from: .unsynchronized, to: .synchronized, stratum: 3,
                                      referenceID: ReferenceID(ipv4: 192, 0, 2, 7), offset: -0.0123456789)),
        .synchronizationChanged(.init(from: .synchronized, to: .unsynchronized, stratum: 16,
                                      referenceID: ReferenceID(ascii: "INIT"), offset: 0)),
        .systemPeerChanged(old: nil, new: server),
        .systemPeerChanged(old: server, new: passive),
        .systemPeerChanged(old: unresolved, new: nil),
        .stratumChanged(from: 3, to: 2),
        .reachabilityChanged(server, reachable: true, reach: 1),
        .reachabilityChanged(passive, reachable: false, reach: 0),
        .kissOfDeathReceived(server, code: .rate),
        .kissOfDeathReceived(server, code: KissCode(ReferenceID(rawValue: 0x3C26_0A00))),
        .authenticationFailed(server, reason: .badMAC),
        .authenticationFailed(passive, reason: .missingMAC),
        .authenticationFailed(server, reason: .unexpectedKey),
        .authenticationFailed(server, reason: .cryptoNAK),
        .clockStepped(offset: 2.5, source: server),
        .stepRefused(offset: -0.5, source: server, reason: .notBackedByMajority),
        .stepRefused(offset: 0.2, source: unresolved, reason: .stepLimit),
        .panicThresholdExceeded(offset: 2_000_000, threshold: 1000, source: server),
        .panicThresholdExceeded(offset: -4e9, threshold: .infinity, source: server),
        .leapSecondAnnouncement(.lastMinuteHas61Seconds),
        .leapSecondAnnouncement(.lastMinuteHas59Seconds),
        .leapSecondAnnouncement(.noWarning),
        .ephemeralMobilized(source: NTPEndpoint(address: IPAddress("198.51.100.4")!, port: 123), mode: .symmetricPassive, keyID: 5),
        .ephemeralMobilized(source: NTPEndpoint(address: IPAddress("198.51.100.4")!, port: 123), mode: .broadcastClient, keyID: nil),
        .ephemeralReaped(source: NTPEndpoint(address: IPAddress("2001:db8::4")!, port: 123), mode: .symmetricPassive, wasReachable: true),
    ]

    @Test(arguments: events)
    func eachEventValidatesAsItsNotification(_ event: EngineEvent) throws {
        let (name, xml) = NTPEventNotification.render(TimedEngineEvent(time: 1_767_225_600.25, event: event))
        let tree = try DataTree.parseNotification(xml: xml, context: Self.context)
        let root = try #require(tree.roots.first)
        #expect(tree.roots.count == 1)
        #expect(root.name == name && root.namespace == Self.mntp && root.module == NTPEventNotification.module)
    }

    @Test func valuesArriveAsTheModelReadsThem() throws {
        let (_, sync) = NTPEventNotification.render(TimedEngineEvent(time: 0, event: Self.events[0]))
        let tree = try DataTree.parseNotification(xml: sync, context: Self.context)
        #expect(tree.value(at: "/meridian-ntp:synchronization-state-change/status") == "synchronized")
        #expect(tree.value(at: "/meridian-ntp:synchronization-state-change/reference-id") == "192.0.2.7")
        #expect(tree.value(at: "/meridian-ntp:synchronization-state-change/offset") == "-12.345679")

        let (_, peer) = NTPEventNotification.render(TimedEngineEvent(time: 0, event: Self.events[3]))
        let peers = try DataTree.parseNotification(xml: peer, context: Self.context)
        #expect(peers.value(at: "/meridian-ntp:system-peer-change/previous-peer/name") == "lab <&> \"server\"")
        #expect(peers.value(at: "/meridian-ntp:system-peer-change/system-peer/address") == "2001:db8::9")
        #expect(peers.value(at: "/meridian-ntp:system-peer-change/system-peer/local-mode") == "passive")
        #expect(peers.value(at: "/meridian-ntp:system-peer-change/system-peer/configured") == "false")

        let (_, kiss) = NTPEventNotification.render(TimedEngineEvent(time: 0, event: Self.events[9]))
        #expect(try DataTree.parseNotification(xml: kiss, context: Self.context)
            .value(at: "/meridian-ntp:kiss-of-death-received/code") == "0x3c260a00")
    }

    @Test func theValidationRejectsWhatTheModelDoesNot() {
        let missingMandatory = "<stratum-change xmlns=\"\(Self.mntp)\"><stratum>3</stratum></stratum-change>"
        let badEnum = "<leap-second-announcement xmlns=\"\(Self.mntp)\"><leap>maybe</leap></leap-second-announcement>"
        let unknownLeaf = "<clock-step xmlns=\"\(Self.mntp)\"><offset>1.0</offset><bogus/></clock-step>"
        for xml in [missingMandatory, badEnum, unknownLeaf] {
            #expect(throws: YangErrors.self) { try DataTree.parseNotification(xml: xml, context: Self.context) }
        }
    }
}
