import StateFiles
import Testing

struct WriteFailed: Error, Equatable {}

@Suite struct GroupCommitLedgerTests {
    typealias Ledger = GroupCommitLedger<[UInt8], String, WriteFailed>

    @Test func onlyTheNewestContentIsWrittenAndItSatisfiesEveryEarlierWaiter() {
        var ledger = Ledger()
        let first = ledger.submit([1])
        let second = ledger.submit([2])
        let third = ledger.submit([3])
        #expect([first, second, third] == [1, 2, 3])
        guard case .waiting = ledger.wait(for: first, "a") else { Issue.record("nothing is durable yet"); return }
        guard case .waiting = ledger.wait(for: third, "c") else { Issue.record("nothing is durable yet"); return }
        let job = ledger.takeWrite()
        #expect(job?.generation == 3 && job?.content == [3], "the writer skips superseded contents")
        #expect(ledger.takeWrite() == nil, "taken once")
        #expect(Set(ledger.written(3)) == ["a", "c"])
        #expect(ledger.durable == 3)
        guard case .durable = ledger.wait(for: second, "b") else { Issue.record("generation 2 is covered by 3"); return }
    }

    @Test func aWriteReleasesOnlyTheWaitersItCovers() {
        var ledger = Ledger()
        let first = ledger.submit([1])
        _ = ledger.wait(for: first, "a")
        let job = ledger.takeWrite()
        let second = ledger.submit([2])  // handed in while the first is being written
        _ = ledger.wait(for: second, "b")
        #expect(ledger.written(job!.generation) == ["a"])
        #expect(ledger.takeWrite()?.generation == second)
        #expect(ledger.written(second) == ["b"])
    }

    @Test func aFailedWriteLosesEverythingNotDurableUntilReset() {
        var ledger = Ledger()
        let first = ledger.submit([1])
        _ = ledger.takeWrite()
        #expect(ledger.written(first).isEmpty && ledger.durable == 1)
        let second = ledger.submit([2])
        _ = ledger.wait(for: second, "b")
        let job = ledger.takeWrite()
        let third = ledger.submit([3])  // pending while the write of 2 fails
        _ = ledger.wait(for: third, "c")
        #expect(Set(ledger.writeFailed(job!.generation, WriteFailed())) == ["b", "c"])
        #expect(ledger.failure != nil && ledger.durable == 1)
        #expect(ledger.takeWrite() == nil, "the pending content is dropped with the failure")
        let fourth = ledger.submit([4])  // handed in before the owner went back
        #expect(ledger.takeWrite() == nil, "nothing is written while failed")
        guard case .lost = ledger.wait(for: fourth, "d") else { Issue.record("generation 4 is lost"); return }
        guard case .durable = ledger.wait(for: first, "a") else { Issue.record("generation 1 stays durable"); return }
        ledger.reset()
        guard case .lost = ledger.wait(for: third, "c2") else { Issue.record("a lost generation stays lost after reset"); return }
        let fifth = ledger.submit([5])
        #expect(ledger.takeWrite()?.content == [5], "written again after reset")
        guard case .waiting = ledger.wait(for: fifth, "e") else { Issue.record("generation 5 waits for its write"); return }
        #expect(ledger.written(fifth) == ["e"])
    }
}
