@testable import Datastore
import NetconfModel
import Synchronization
import Testing
import YangData

/// The candidate is shared by all sessions (RFC 6241 §8.3.1): a commit takes the candidate
/// when its turn in the commit lane comes, and a plain commit that finds it running already
/// validates and applies nothing again, and replies once that running configuration is on disk.
@Suite struct SharedCommitTests {
    let a = SessionID(rawValue: 1)
    let b = SessionID(rawValue: 2)

    func service(_ applier: FakeConfigApplier) -> DatastoreService {
        DatastoreService(context: EditApplierTests.context, stateDirectory: DatastoreServiceTests.temporaryDirectory(), applier: applier)
    }

    func edit(_ service: DatastoreService, _ hostname: String, _ session: SessionID) async throws -> RPCReplyContent {
        await service.editConfig(.candidate, options: EditOptions(), config: try DatastoreServiceTests.config("<hostname>\(hostname)</hostname>"), session: session)
    }

    func commit(_ service: DatastoreService, _ session: SessionID) async -> RPCReplyContent {
        await service.commit(confirmed: false, timeout: .seconds(600), persist: nil, persistID: nil, session: session)
    }

    /// A service whose applier holds every prepare at a gate, the candidate edited by `a`
    /// (hostname D) and `a`'s commit waiting in prepare.
    func commitHeldInPrepare(failingPrepare: Bool = false) async throws
        -> (FakeConfigApplier, Gate, DatastoreService, Task<RPCReplyContent, Never>) {
        let applier = FakeConfigApplier()
        let gate = Gate()
        applier.prepareGate.withLock { $0 = gate }
        if failingPrepare { applier.failPrepare.store(true, ordering: .relaxed) }
        let service = service(applier)
        #expect(try await edit(service, "D", a) == .ok)
        let first = Task { await commit(service, a) }
        #expect(await eventually { applier.record.prepared == 1 }, "the first commit is in prepare")
        return (applier, gate, service, first)
    }

    /// Yields until `condition` holds; false after a bounded number of tries.
    func eventually(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<100_000 {
            if await condition() { return true }
            await Task.yield()
        }
        return false
    }

    @Test func aCommitWithNothingNewPreparesNothing() async throws {
        let applier = FakeConfigApplier()
        let service = service(applier)
        #expect(try await edit(service, "D", a) == .ok)
        #expect(await commit(service, a) == .ok)
        #expect(await commit(service, b) == .ok, "nothing to commit is not an error")
        #expect(applier.record.prepared == 1, "the second commit had nothing to validate or apply")
        #expect(try await DatastoreServiceTests.hostname(service) == "D")
    }

    @Test func aCommitOfTheCandidateAnotherCommitInstallsWaitsForIt() async throws {
        let (applier, gate, service, first) = try await commitHeldInPrepare()
        let second = Task { await commit(service, b) }
        #expect(await eventually { await service.commitsWaitingForLane == 1 }, "the second waits for the first")
        #expect(try await DatastoreServiceTests.hostname(service) == nil, "running has not changed yet")
        gate.open()
        #expect(await first.value == .ok)
        #expect(await second.value == .ok)
        #expect(applier.record.prepared == 1 && applier.record.applied == 1, "one validation and apply served both")
        #expect(try await DatastoreServiceTests.hostname(service) == "D")
        #expect(await service.lock(.candidate, session: b) == .ok, "nothing is left uncommitted")
    }

    @Test func anEditDuringACommitIsCommittedByTheNextCommit() async throws {
        let (applier, gate, service, first) = try await commitHeldInPrepare()
        #expect(try await edit(service, "E", b) == .ok, "the candidate changes while D is being committed")
        let second = Task { await commit(service, b) }
        #expect(await eventually { await service.commitsWaitingForLane == 1 })
        gate.open()
        #expect(await first.value == .ok)
        #expect(await second.value == .ok)
        #expect(applier.record.prepared == 2, "the second commit had a change of its own to apply")
        #expect(try await DatastoreServiceTests.hostname(service) == "E")
    }

    @Test func anEditDuringACommitStaysUncommittedAfterIt() async throws {
        let (_, gate, service, first) = try await commitHeldInPrepare()
        #expect(try await edit(service, "E", b) == .ok)
        gate.open()
        #expect(await first.value == .ok)
        #expect(try await DatastoreServiceTests.hostname(service) == "D")
        guard case .errors(let errors) = await service.lock(.candidate, session: a) else {
            Issue.record("E is not committed: the candidate still has changes"); return
        }
        #expect(errors.first?.tag == .lockDenied)
    }

    @Test func commitsWaitingTogetherShareOneValidationAndApply() async throws {
        let c = SessionID(rawValue: 3)
        let (applier, gate, service, first) = try await commitHeldInPrepare()
        #expect(try await edit(service, "E", b) == .ok)
        let second = Task { await commit(service, b) }
        #expect(await eventually { await service.commitsWaitingForLane == 1 })
        #expect(try await edit(service, "F", c) == .ok, "edited after b's commit arrived, before its turn")
        let third = Task { await commit(service, c) }
        #expect(await eventually { await service.commitsWaitingForLane == 2 })
        gate.open()
        #expect(await first.value == .ok)
        #expect(await second.value == .ok)
        #expect(await third.value == .ok)
        #expect(applier.record.prepared == 2, "b's turn took E and F together; c's found nothing left")
        #expect(try await DatastoreServiceTests.hostname(service) == "F")
        #expect(await service.lock(.candidate, session: c) == .ok, "nothing is left uncommitted")
    }

    @Test func aCommitWaitingForAFailedOneDoesTheWorkItself() async throws {
        let (applier, gate, service, first) = try await commitHeldInPrepare(failingPrepare: true)
        let second = Task { await commit(service, b) }
        #expect(await eventually { await service.commitsWaitingForLane == 1 })
        gate.open()
        guard case .errors = await first.value else { Issue.record("the first commit fails in prepare"); return }
        guard case .errors(let errors) = await second.value else { Issue.record("so does the second, on its own"); return }
        #expect(errors.first?.appTag == "bind-failed")
        #expect(applier.record.prepared == 2)
        #expect(try await DatastoreServiceTests.hostname(service) == nil)
    }
}

/// Records prepares and holds every switch-over until its gate opens.
final class GatedApplyApplier: ConfigApplier, @unchecked Sendable {
    let gates = Mutex<[Gate]>([])
    let prepares = Mutex(0)

    func prepare(_ new: ValidatedConfiguration) async throws(ApplyFailure) -> PreparedChange {
        prepares.withLock { $0 += 1 }
        return PreparedChange(
            apply: {
                let gate = Gate()
                self.gates.withLock { $0.append(gate) }
                return AppliedChange { await gate.wait() }
            },
            abort: {})
    }

    var handedOver: Int { gates.withLock { $0.count } }

    func openAll() { for gate in gates.withLock({ $0 }) { gate.open() } }
}

extension SharedCommitTests {
    @Test func aCommitRepliesOnceAppliedButFreesTheLaneWhenTheApplierHasTheChange() async throws {
        let applier = GatedApplyApplier()
        let service = DatastoreService(context: EditApplierTests.context, stateDirectory: nil, applier: applier)
        let c = SessionID(rawValue: 3)
        final class Replied: Sendable { let names = Mutex<[String]>([]) }
        let replied = Replied()
        #expect(try await edit(service, "D", a) == .ok)
        let first = Task {
            let reply = await commit(service, a)
            replied.names.withLock { $0.append("a") }
            return reply
        }
        #expect(await eventually { applier.handedOver == 1 }, "the first change is with the applier")
        #expect(try await edit(service, "E", b) == .ok)
        let second = Task {
            let reply = await commit(service, b)
            replied.names.withLock { $0.append("b") }
            return reply
        }
        #expect(await eventually { applier.handedOver == 2 }, "the lane let the second commit prepare and hand over")
        let third = Task {
            let reply = await commit(service, c)  // nothing left to commit: waits for running's switch-over too
            replied.names.withLock { $0.append("c") }
            return reply
        }
        for _ in 0..<1000 { await Task.yield() }
        #expect(replied.names.withLock { $0 }.isEmpty, "no reply before the applier has switched over")
        #expect(try await DatastoreServiceTests.hostname(service) == "E", "running is the last commit's")
        applier.openAll()
        let replies = [await first.value, await second.value, await third.value]
        #expect(replies == [.ok, .ok, .ok])
        #expect(applier.prepares.withLock { $0 } == 2)
    }
}
