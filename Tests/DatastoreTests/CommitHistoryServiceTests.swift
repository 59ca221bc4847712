@testable import Datastore
import NetconfModel
import StateFiles
import Testing
import YangData

/// The datastore records every change of running, rebuilds earlier configurations from the
/// diffs, and keeps the history with running's file.
@Suite struct CommitHistoryServiceTests {
    let alice = CommitAuthor(user: "alice", sessionID: 1, sourceHost: "192.0.2.7")
    let session = SessionID(rawValue: 1)

    func commit(_ service: DatastoreService, hostname: String, author: CommitAuthor) async throws {
        let edit = try DatastoreServiceTests.config("<hostname>\(hostname)</hostname>")
        #expect(await service.editConfig(.candidate, options: EditOptions(), config: edit, session: session) == .ok)
        #expect(await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: session, author: author) == .ok)
    }

    @Test func eachCommitIsRecordedWithItsAuthorAndEdits() async throws {
        let applier = FakeConfigApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: applier, commitHistory: 10)
        try await commit(service, hostname: "a", author: alice)
        try await commit(service, hostname: "b", author: CommitAuthor(user: "bob", sessionID: 2, sourceHost: ""))
        let records = await service.commitHistory.history.records
        #expect(records.map(\.id) == [1, 2])
        #expect(records.map(\.author.user) == ["alice", "bob"])
        #expect(records[1].edits == [CommitEdit(
            operation: .replace, target: "/ietf-system:system/hostname", value: "b", previousValue: "a")])
    }

    @Test func rollbackPutsAnEarlierConfigurationInTheCandidate() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, commitHistory: 10)
        for name in ["a", "b", "c"] { try await commit(service, hostname: name, author: alice) }
        #expect(await service.rollback(toCommit: 1, commitNow: false, session: session, author: alice) == .ok)
        #expect(try await DatastoreServiceTests.hostname(service, .candidate) == "a")
        #expect(try await DatastoreServiceTests.hostname(service) == "c")
        #expect(await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: session, author: alice) == .ok)
        let newest = await service.commitHistory.history.newest
        #expect(newest?.id == 4 && newest?.rolledBackTo == 1 && newest?.kind == .commit)
        guard case .errors(let errors) = await service.rollback(toCommit: 9, commitNow: true, session: session, author: alice) else {
            Issue.record("a rollback to an unknown commit succeeded")
            return
        }
        #expect(errors.map(\.tag) == [.invalidValue])
    }

    @Test func compareOfTwoCommitsIsTheChangeBetweenThem() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, commitHistory: 10)
        for name in ["a", "b", "c"] { try await commit(service, hostname: name, author: alice) }
        guard case .output(let xml) = await service.compare(from: .commit(1), to: .commit(3)) else {
            Issue.record("compare gave no edits")
            return
        }
        #expect(xml.contains("<value>c</value>") && xml.contains("<previous-value>a</previous-value>"))
        #expect(await service.compare(from: .commit(3), to: .running) == .ok)
    }

    @Test func theHistoryIsSavedWithRunningAndLoadedAgain() async throws {
        let directory = DatastoreServiceTests.temporaryDirectory()
        let first = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, commitHistory: 10)
        for name in ["a", "b"] { try await commit(first, hostname: name, author: alice) }
        #expect(await first.labelCommit(1, label: "base", comment: nil) == .ok)
        await first.flush()
        let second = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, commitHistory: 10)
        try await second.load(boot: BootIdentity { nil })
        let records = await second.commitHistory.history.records
        #expect(records.map(\.id) == [1, 2])
        #expect(records.first?.label == "base")
        #expect(records.last?.edits.first?.value == "b")
        // Commit 1's configuration is rebuilt from the saved diffs.
        #expect(await second.rollback(toCommit: 1, commitNow: true, session: session, author: alice) == .ok)
        #expect(try await DatastoreServiceTests.hostname(second) == "a")
        #expect(await second.commitHistory.history.newest?.kind == .rollback)
    }

    @Test func withoutHistoryNothingIsRecorded() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        try await commit(service, hostname: "a", author: alice)
        #expect(await service.commitHistory.history.records.isEmpty)
    }

    @Test func olderRecordsGoToTheArchiveAndComeBackWithTheirLabels() async throws {
        let directory = DatastoreServiceTests.temporaryDirectory()
        let first = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, commitHistory: 50)
        for n in 1...20 { try await commit(first, hostname: "h\(n)", author: alice) }
        #expect(await first.labelCommit(2, label: "old", comment: nil) == .ok)
        try await commit(first, hostname: "h21", author: alice)
        await first.flush()
        // The archive holds the older records (running's slot the ones it does not yet).
        let archived = try #require(HistoryArchive(directory: directory).read())
        #expect(archived.ranges(of: "<commit id=").count >= 20 - HistoryArchive.slotRecords)
        let second = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, commitHistory: 50)
        try await second.load(boot: BootIdentity { nil })
        let records = await second.commitHistory.history.records
        #expect(records.map(\.id) == Array(1...21))
        #expect(records[1].label == "old")
        #expect(await second.rollback(toCommit: 1, commitNow: true, session: session, author: alice) == .ok)
        #expect(try await DatastoreServiceTests.hostname(second) == "h1")
    }

    @Test func archivedCommitsWhoseRunningNeverReachedTheDiskAreDropped() async throws {
        let directory = DatastoreServiceTests.temporaryDirectory()
        let first = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, commitHistory: 50)
        for n in 1...3 { try await commit(first, hostname: "h\(n)", author: alice) }
        await first.flush()
        // An archive written just before a crash, ahead of running's slot: commits 4 and 5.
        var ahead = StoredCommitHistory(await first.commitHistory.history)
        for _ in 4...5 {
            ahead.append(CommitRecord(id: 0, time: "t", author: alice, kind: .commit, diff: "", edits: [], steps: []))
        }
        var archive = SlotFile(directory: directory, name: "commit-history")
        try archive.replace(with: Array((ahead.fileText ?? "").utf8))
        let second = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, commitHistory: 50)
        try await second.load(boot: BootIdentity { nil })
        #expect(await second.commitHistory.history.records.map(\.id) == [1, 2, 3])
        #expect(await second.commitHistory.history.nextID == 4)
    }
}
