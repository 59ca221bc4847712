import Datastore
import Glibc
import NetconfModel
import StateFiles
import Testing
import XMLSupport
@testable import Datastore

/// Locks and confirmed commits are never granted to a session that has ended, a pending
/// confirmed commit survives a restart as a rollback, and a failed rollback is reported.
@Suite struct CommitLifecycleTests {
    typealias Base = DatastoreServiceTests
    let a = SessionID(rawValue: 1)

    func edit(_ service: DatastoreService, _ hostname: String) async throws {
        #expect(await service.editConfig(.candidate, options: EditOptions(), config: try Base.config("<hostname>\(hostname)</hostname>"), session: a) == .ok)
    }

    @Test func anEndedSessionGetsNoLockAndNoConfirmedCommit() async throws {
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil)
        guard case .errors(let refused) = await service.lock(.candidate, session: a, isOpen: { false }) else {
            Issue.record("a lock for an ended session must be refused")
            return
        }
        #expect(refused.first?.tag == .operationFailed)
        #expect(await service.lock(.candidate, session: SessionID(rawValue: 2)) == .ok, "nothing was left locked")
        #expect(await service.unlock(.candidate, session: SessionID(rawValue: 2)) == .ok)
        try await edit(service, "C")
        let reply = await service.commit(confirmed: true, timeout: .seconds(600), persist: nil, persistID: nil, session: a, isOpen: { false })
        guard case .errors = reply else { Issue.record("a confirmed commit of an ended session must be refused"); return }
        #expect(try await Base.hostname(service) == nil, "nothing was applied")
        guard case .errors = await service.cancelCommit(persistID: nil, session: a) else {
            Issue.record("nothing is pending, so there is no commit to cancel"); return
        }
    }

    @Test func aRestartBeforeConfirmationRollsBackAndAConfirmedOneStays() async throws {
        let directory = Base.temporaryDirectory()
        let first = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        try await edit(first, "before")
        #expect(await first.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: a) == .ok)
        try await edit(first, "tentative")
        #expect(await first.commit(confirmed: true, timeout: .seconds(600), persist: nil, persistID: nil, session: a) == .ok)
        #expect(access(directory + "/confirmed-rollback.xml", F_OK) == 0)
        #expect(await first.commitStateXML().contains("<session-id>1</session-id>"))

        let restarted = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        #expect(try await restarted.load(boot: BootIdentity { "b" }) == .confirmedCommitRolledBack)
        #expect(try await Base.hostname(restarted) == "before")
        #expect(access(directory + "/confirmed-rollback.xml", F_OK) != 0)
        #expect(await restarted.commitStateXML().contains("<outcome>rolled-back</outcome>"))

        // Confirmed: the record goes, and a restart keeps it.
        try await edit(restarted, "kept")
        #expect(await restarted.commit(confirmed: true, timeout: .seconds(600), persist: "p", persistID: nil, session: a) == .ok)
        #expect(await restarted.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: "p", session: a) == .ok)
        #expect(access(directory + "/confirmed-rollback.xml", F_OK) != 0)
        let again = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        #expect(try await again.load(boot: BootIdentity { "b" }) == .runningOfThisBoot)
        #expect(try await Base.hostname(again) == "kept")
    }

    @Test func aFailedRollbackIsReportedAndTheRestartStillRollsBack() async throws {
        let directory = Base.temporaryDirectory()
        let applier = FakeConfigApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: directory, applier: applier)
        try await edit(service, "before")
        #expect(await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: a) == .ok)
        try await edit(service, "tentative")
        #expect(await service.commit(confirmed: true, timeout: .seconds(600), persist: nil, persistID: nil, session: a) == .ok)
        applier.failPrepare.store(true, ordering: .relaxed)
        await service.sessionEnded(a)
        let state = await service.commitStateXML()
        #expect(state.contains("<outcome>failed</outcome>") && state.contains("cannot bind the source address"), "\(state)")
        #expect(try await Base.hostname(service) == "tentative", "running could not go back")
        #expect(access(directory + "/confirmed-rollback.xml", F_OK) == 0, "kept for the next start")

        let restarted = DatastoreService(context: EditApplierTests.context, stateDirectory: directory)
        #expect(try await restarted.load(boot: BootIdentity { "b" }) == .confirmedCommitRolledBack)
        #expect(try await Base.hostname(restarted) == "before")
    }
}
