import Datastore
import NetconfModel
import Testing

@Suite struct LockTableTests {
    let a = SessionID(rawValue: 1)
    let b = SessionID(rawValue: 2)

    static func infoSessionID(_ error: RPCError?) -> String? {
        error?.info.first(where: { $0.name == "session-id" })?.textContent
    }

    @Test func secondSessionIsDeniedWithTheHoldersID() {
        var table = LockTable()
        let r1 = table.lock(.running, by: a)
        #expect(r1 == nil)
        let denied = table.lock(.running, by: b)
        #expect(denied?.tag == .lockDenied)
        #expect(Self.infoSessionID(denied) == "1")
        #expect(table.holder(of: .running) == a)
    }

    @Test func holderCannotLockTwice() {
        var table = LockTable()
        let r2 = table.lock(.candidate, by: a)
        #expect(r2 == nil)
        let r3 = table.lock(.candidate, by: a)
        #expect(r3?.tag == .lockDenied)
    }

    @Test func locksAreIndependentPerDatastore() {
        var table = LockTable()
        let r4 = table.lock(.running, by: a)
        #expect(r4 == nil)
        let r5 = table.lock(.candidate, by: b)
        #expect(r5 == nil)
        let r6 = table.lock(.startup, by: b)
        #expect(r6 == nil)
    }

    @Test func candidateWithUncommittedChangesCannotBeLocked() {
        var table = LockTable()
        table.candidateEdited(by: b)
        let denied = table.lock(.candidate, by: a)
        #expect(denied?.tag == .lockDenied)
        #expect(Self.infoSessionID(denied) == "2")
        table.candidateReset()
        let r7 = table.lock(.candidate, by: a)
        #expect(r7 == nil)
    }

    @Test func uncommittedChangesOfSeveralSessionsReportZero() {
        var table = LockTable()
        table.candidateEdited(by: a)
        table.candidateEdited(by: b)
        #expect(Self.infoSessionID(table.lock(.candidate, by: a)) == "0")
    }

    @Test func onlyTheHolderUnlocks() {
        var table = LockTable()
        let r8 = table.unlock(.running, by: a)
        #expect(r8?.tag == .operationFailed)
        let r9 = table.lock(.running, by: a)
        #expect(r9 == nil)
        let r10 = table.unlock(.running, by: b)
        #expect(r10?.tag == .operationFailed)
        let r11 = table.unlock(.running, by: a)
        #expect(r11 == nil)
        #expect(table.holder(of: .running) == nil)
    }

    @Test func writesByOthersAreInUseWhileLocked() {
        var table = LockTable()
        let r12 = table.lock(.candidate, by: a)
        #expect(r12 == nil)
        #expect(table.checkWritable(.candidate, by: a) == nil)
        #expect(table.checkWritable(.candidate, by: b)?.tag == .inUse)
        #expect(table.checkWritable(.running, by: b) == nil)
    }

    @Test func endingASessionReleasesItsLocksAndReportsTheCandidate() {
        var table = LockTable()
        let r13 = table.lock(.candidate, by: a)
        #expect(r13 == nil)
        let r14 = table.lock(.running, by: a)
        #expect(r14 == nil)
        let r15 = table.lock(.startup, by: b)
        #expect(r15 == nil)
        let r16 = table.sessionEnded(a)
        #expect(r16)
        #expect(table.holder(of: .candidate) == nil)
        #expect(table.holder(of: .running) == nil)
        #expect(table.holder(of: .startup) == b)
        let r17 = table.sessionEnded(b)
        #expect(!r17)
    }
}
