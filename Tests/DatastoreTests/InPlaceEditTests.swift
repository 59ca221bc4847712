import Datastore
import NetconfModel
import Testing
import XMLSupport

/// Plain merges change an unshared candidate in place; everything else works on a copy.
@Suite struct InPlaceEditTests {
    let a = SessionID(rawValue: 1)
    let b = SessionID(rawValue: 2)

    func edit(_ service: DatastoreService, _ body: String, _ session: SessionID) async throws -> RPCReplyContent {
        await service.editConfig(.candidate, options: EditOptions(), config: try DatastoreServiceTests.config(body), session: session)
    }

    func commit(_ service: DatastoreService, _ session: SessionID) async -> RPCReplyContent {
        await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: session)
    }

    func location(_ service: DatastoreService, _ source: DatastoreName) async throws -> String? {
        guard case .data(let xml) = await service.getConfig(source, filter: nil, withDefaults: nil) else { return nil }
        let data = try XMLDocumentParser.parse(Array("<d>\(xml)</d>".utf8))
        return data.firstChild(named: "system", namespace: DatastoreServiceTests.sys)?
            .firstChild(named: "location", namespace: DatastoreServiceTests.sys)?.textContent
    }

    @Test func editsAfterACommitLeaveRunningAsCommitted() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: FakeConfigApplier())
        #expect(try await edit(service, "<hostname>D</hostname>", a) == .ok)
        #expect(await commit(service, a) == .ok)
        // The first edit copies running's tree; the next ones change that copy in place.
        #expect(try await edit(service, "<hostname>E</hostname>", a) == .ok)
        #expect(try await DatastoreServiceTests.hostname(service) == "D")
        #expect(try await edit(service, "<hostname>F</hostname><location>lab</location>", b) == .ok)
        #expect(try await DatastoreServiceTests.hostname(service) == "D", "running is not the candidate's tree")
        #expect(try await location(service, .running) == nil)
        #expect(try await DatastoreServiceTests.hostname(service, .candidate) == "F")
        #expect(try await location(service, .candidate) == "lab")
        #expect(await commit(service, b) == .ok)
        #expect(try await DatastoreServiceTests.hostname(service) == "F")
        #expect(try await location(service, .running) == "lab")
    }

    @Test func aFailedEditLeavesAnUnsharedCandidateAsItWas() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: FakeConfigApplier())
        #expect(try await edit(service, "<hostname>E</hostname><location>lab</location>", a) == .ok)
        // A merge followed by a create of what exists: stop-on-error drops the whole edit.
        let failing = "<hostname>X</hostname><location nc:operation='create'>attic</location>"
        guard case .errors(let errors) = try await edit(service, failing, a) else { Issue.record("the create must fail"); return }
        #expect(errors.first?.tag == .dataExists)
        #expect(try await DatastoreServiceTests.hostname(service, .candidate) == "E")
        #expect(try await location(service, .candidate) == "lab")
        // A test-only plain merge checks and changes nothing.
        var testOnly = EditOptions()
        testOnly.testOption = .testOnly
        #expect(await service.editConfig(.candidate, options: testOnly, config: try DatastoreServiceTests.config("<hostname>T</hostname>"), session: a) == .ok)
        #expect(try await DatastoreServiceTests.hostname(service, .candidate) == "E")
    }
}
