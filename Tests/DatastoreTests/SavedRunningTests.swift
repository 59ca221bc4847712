@testable import Datastore
import NetconfModel
import Testing
import YangData

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
        #expect(try await DatastoreServiceTests.hostname(service) == "h30")
    }

    /// Entries older than the newest one on disk are released: going back can never reach
    /// them (it returns the oldest entry kept when nothing kept is on disk).
    @Test func entriesOlderThanTheNewestDurableOneAreReleased() throws {
        func tree(_ name: String) throws -> DataTree {
            try DataTree.parse(
                xml: "<system xmlns=\"urn:ietf:params:xml:ns:yang:ietf-system\"><hostname>\(name)</hostname></system>",
                context: EditApplierTests.context)
        }
        let initial = try tree("h0")
        var saved = SavedRunning(initial)
        var trees = [initial]
        for generation in UInt64(1)...5 {
            let next = try tree("h\(generation)")
            trees.append(next)
            // The writer has made generation - 1 durable when generation is handed to it.
            saved.append((generation, next, .empty, StoredCommitHistory(CommitHistory(limit: 0))), durable: generation - 1)
            #expect(saved.generation == generation)
        }
        // Only 4 (on disk) and 5 (being written) are kept: going back to "nothing on disk"
        // finds 4, not the initial tree.
        var probe = saved
        #expect(probe.goBack(durable: 0).tree === trees[4])
        // A failed write of 5 goes back to 4, which is then the only entry.
        #expect(saved.goBack(durable: 4).tree === trees[4])
        #expect(saved.generation == 4)
    }
}
