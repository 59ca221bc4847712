import Datastore
import Logging
import NetconfModel
import NTPYangBinding
import Synchronization
import Testing
import TestSupport
import XMLSupport
import YangData

/// A commit that leaves untouched NTP servers out of its YANG validation must decide exactly
/// as a full validation does, on Meridian's model with the NTP rules.
@Suite struct PartialCommitCheckTests {
    static let sys = NTPRulesTests.sys
    static let mntp = NTPRulesTests.mntp
    static let ifs = NTPRulesTests.ifs
    static let nc = "urn:ietf:params:xml:ns:netconf:base:1.0"

    /// Remembers the configuration the last prepare was given.
    final class RecordingApplier: ConfigApplier {
        let last = Mutex<[DataNode]>([])
        func prepare(_ new: ValidatedConfiguration) async throws(ApplyFailure) -> PreparedChange {
            last.withLock { $0 = new.nodes }
            return .nothing
        }
    }

    @Test func meridiansServerListIsSeparableAndDependsOnKeysAndInterfaces() {
        let lists = SeparableLists(context: NTPContext.context)
        let server = lists.lists["/ietf-system:system/ntp/server"]
        #expect(server != nil)
        #expect(server?.dependencies.contains("/ietf-system:system/ntp/meridian-ntp:authentication/key/key-id") == true)
        #expect(server?.dependencies.contains("/ietf-interfaces:interfaces/interface/name") == true)
        #expect(lists.lists["/ietf-interfaces:interfaces/interface"] == nil, "interfaces refer to one another")
        #expect(lists.lists["/ietf-system:system/ntp/meridian-ntp:authentication/key"] == nil, "servers refer to keys")
    }

    static func edit(_ random: inout SeededGenerator) -> String {
        let server = Int.random(in: 0..<6, using: &random)
        switch Int.random(in: 0..<10, using: &random) {
        case 0...4:
            var extra = ""
            if Bool.random(using: &random) { extra += "<minpoll xmlns='\(mntp)'>\(Int.random(in: 4...8, using: &random))</minpoll>" }
            if Bool.random(using: &random) { extra += "<maxpoll xmlns='\(mntp)'>\(Int.random(in: 4...10, using: &random))</maxpoll>" }
            if Int.random(in: 0..<3, using: &random) == 0 { extra += "<key-id xmlns='\(mntp)'>\(Int.random(in: 1...3, using: &random))</key-id>" }
            if Int.random(in: 0..<4, using: &random) == 0 { extra += "<source-interface xmlns='\(mntp)'>lo1</source-interface>" }
            return "<system xmlns='\(sys)'><ntp>\(NTPRulesTests.server("s\(server)", "127.100.0.\(server + 1)", extra: extra))</ntp></system>"
        case 5:
            return "<system xmlns='\(sys)' xmlns:nc='\(nc)'><ntp><server nc:operation='remove'><name>s\(server)</name></server></ntp></system>"
        case 6:
            let key = Int.random(in: 1...3, using: &random)
            if Bool.random(using: &random) {
                return "<system xmlns='\(sys)'><ntp><authentication xmlns='\(mntp)'><key><key-id>\(key)</key-id>"
                    + "<algorithm>hmac-sha256</algorithm><hex-key>00112233445566778899aabbccddeeff</hex-key></key></authentication></ntp></system>"
            }
            return "<system xmlns='\(sys)' xmlns:nc='\(nc)'><ntp><authentication xmlns='\(mntp)'><key nc:operation='remove'>"
                + "<key-id>\(key)</key-id></key></authentication></ntp></system>"
        case 7:
            if Bool.random(using: &random) {
                return "<interfaces xmlns='\(ifs)'>\(NTPRulesTests.interface("lo1", v4: "127.0.1.31"))</interfaces>"
            }
            return "<interfaces xmlns='\(ifs)' xmlns:nc='\(nc)'><interface nc:operation='remove'><name>lo1</name></interface></interfaces>"
        case 8:
            return "<system xmlns='\(sys)'><hostname>h\(server)</hostname></system>"
        default:
            return "<system xmlns='\(sys)'><ntp><port xmlns='\(mntp)'>\(10_000 + server)</port></ntp></system>"
        }
    }

    /// Every leaf as path = value and every list entry by path, for comparing snapshots
    /// whatever their order (an empty container printing drops is left out).
    static func canonical(_ nodes: [DataNode]) -> Set<String> {
        var lines = Set<String>()
        func visit(_ node: DataNode) {
            if node.value != nil || node.kind == .list { lines.insert("\(node.path)=\(node.value ?? "")") }
            node.children.forEach(visit)
        }
        nodes.forEach(visit)
        return lines
    }

    @Test func partialChecksDecideAsFullValidationDoes() async throws {
        let applier = RecordingApplier()
        let log = CommitLog()
        var logger = Logger(label: "test") { _ in log }
        logger.logLevel = .debug
        let service = DatastoreService(context: NTPContext.context, stateDirectory: nil, applier: applier,
                                       validators: [NTPRules(devices: FakeDevices())], logger: logger)
        let session = SessionID(rawValue: 1)
        var random = SeededGenerator(seed: 0x0C0F_F1A7)
        var accepted = 0
        var refused = 0
        for round in 0..<150 {
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let config = try XMLDocumentParser.parse(Array("<config xmlns='\(Self.nc)'>\(Self.edit(&random))</config>".utf8))
                _ = await service.editConfig(.candidate, options: EditOptions(), config: config, session: session)
            }
            let full = await service.validate(.datastore(.candidate))
            let committed = await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: session)
            #expect(committed == full, "round \(round): the commit decides as a full validation")
            guard committed == .ok else {
                refused += 1
                _ = await service.discardChanges(session: session)
                continue
            }
            accepted += 1
            guard case .data(let xml) = await service.getConfig(.running, filter: nil, withDefaults: nil) else {
                Issue.record("no running configuration"); return
            }
            let reread = try DataTree.parse(xml: xml, context: NTPContext.context).roots
            #expect(Self.canonical(applier.last.withLock { $0 }) == Self.canonical(reread),
                    "round \(round): the applier gets running as a full snapshot reads it")
        }
        #expect(accepted > 30 && refused > 10, "both outcomes were exercised (\(accepted) accepted, \(refused) refused)")
        #expect(log.checkedInPart > 30, "most commits were checked in part (\(log.checkedInPart))")
    }
}

/// Counts the datastore's debug records of commits validated in part.
final class CommitLog: LogHandler, @unchecked Sendable {
    private let count = Mutex(0)
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug
    var checkedInPart: Int { count.withLock { $0 } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        if event.metadata?["checked-in-part"] == "true" { count.withLock { $0 += 1 } }
    }
}
