import Datastore
import NetconfModel
import Testing
import XMLSupport

/// Reads of running published for sessions to answer without the datastore actor.
@Suite struct PublishedReadsTests {
    let a = SessionID(rawValue: 1)

    func commitHostname(_ service: DatastoreService, _ name: String) async throws {
        _ = await service.editConfig(.candidate, options: EditOptions(), config: try DatastoreServiceTests.config("<hostname>\(name)</hostname>"), session: a)
        #expect(await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: a) == .ok)
    }

    static let filter: RetrievalFilter = {
        let element = try! XMLDocumentParser.parse(Array("<system xmlns='\(DatastoreServiceTests.sys)'><hostname/></system>".utf8))
        return .subtree(SubtreeFilter([element]))
    }()

    @Test func aRenderedReadIsPublishedUntilRunningChanges() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: FakeConfigApplier())
        try await commitHostname(service, "D")
        #expect(service.publishedRunning(filter: Self.filter, withDefaults: nil) == nil, "nothing rendered yet")
        let rendered = await service.getConfig(.running, filter: Self.filter, withDefaults: nil)
        guard case .data(let xml) = rendered, xml.contains(">D<") else { Issue.record("\(rendered)"); return }
        #expect(service.publishedRunning(filter: Self.filter, withDefaults: nil) == rendered)
        #expect(service.publishedRunning(filter: Self.filter, withDefaults: .reportAll) == nil, "per with-defaults mode")
        #expect(service.publishedRunning(filter: nil, withDefaults: nil) != nil, "the whole of running was rendered on the way")
        try await commitHostname(service, "E")
        #expect(service.publishedRunning(filter: Self.filter, withDefaults: nil) == nil, "a commit withdraws what was published")
        #expect(service.publishedRunning(filter: nil, withDefaults: nil) == nil)
        guard case .data(let after) = await service.getConfig(.running, filter: Self.filter, withDefaults: nil) else { return }
        #expect(after.contains(">E<") && service.publishedRunning(filter: Self.filter, withDefaults: nil) == .data(after))
    }

    @Test func xpathFiltersAndOtherDatastoresAreNotPublished() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: FakeConfigApplier())
        try await commitHostname(service, "D")
        let xpath = RetrievalFilter.xpath("/sys:system/sys:hostname", namespaces: ["sys": DatastoreServiceTests.sys])
        _ = await service.getConfig(.running, filter: xpath, withDefaults: nil)
        #expect(service.publishedRunning(filter: xpath, withDefaults: nil) == nil)
        _ = await service.getConfig(.candidate, filter: Self.filter, withDefaults: nil)
        #expect(service.publishedRunning(filter: Self.filter, withDefaults: nil) == nil, "the candidate's read is not running's")
    }
}
