@testable import Datastore
import NetconfModel
import Testing

/// The configurations kept for going back after a failed write stay few, whichever commit
/// kind (group-committed or written before apply) produced them.
@Suite struct SavedRunningTests {
    @Test func onlyTheNewestSavedConfigurationIsKept() async throws {
        let session = SessionID(rawValue: 1)
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: DatastoreServiceTests.temporaryDirectory())
        for index in 1...30 {
            _ = await service.editConfig(
                .candidate, options: EditOptions(), config: try DatastoreServiceTests.config("<hostname>h\(index)</hostname>"),
                session: session)
            // Alternate confirmed (written before apply) and plain (group-committed) commits.
            let reply = await service.commit(
                confirmed: index % 2 == 0, timeout: .seconds(600), persist: nil, persistID: nil, session: session)
            #expect(reply == .ok)
        }
        #expect(await service.savedRunningCount <= 2, "superseded configurations are released")
        #expect(try await DatastoreServiceTests.hostname(service) == "h30")
    }
}
