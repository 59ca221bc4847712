@testable import Datastore
import Testing

/// The bounded history, id allocation, lookups and the file coding: pure, no I/O.
@Suite struct CommitHistoryTests {
    func draft(_ user: String = "alice", diff: String = "") -> CommitRecord {
        CommitRecord(
            id: 0, time: "2026-12-07T22:00:00Z", author: CommitAuthor(user: user, sessionID: 3, sourceHost: "10.0.0.1"),
            kind: .commit, diff: diff, edits: [], steps: [ConfigStep(action: "add-association", target: "s1", detail: "a \"quoted\" <detail>")])
    }

    @Test func idsIncreaseByOneAndTheOldestAreDropped() {
        var history = CommitHistory(limit: 3)
        for _ in 1...5 { history.append(draft()) }
        #expect(history.records.map(\.id) == [3, 4, 5])
        #expect(history.nextID == 6)
    }

    @Test func aDroppedIdAndAnUnknownIdAreTold() {
        var history = CommitHistory(limit: 2)
        for _ in 1...4 { history.append(draft()) }
        #expect(throws: CommitLookupError.dropped(id: 1, oldest: 3)) { try history.record(1) }
        #expect(throws: CommitLookupError.unknown(id: 9, newest: 4)) { try history.record(9) }
        #expect(throws: CommitLookupError.unknown(id: 0, newest: 4)) { try history.record(0) }
        #expect(CommitLookupError.dropped(id: 1, oldest: 3).rpcError.message?.contains("commit 1") == true)
        #expect(CommitLookupError.unknown(id: 9, newest: 4).rpcError.tag == .invalidValue)
    }

    @Test func recordsAfterAnIdAreTheDiffsToUndo() throws {
        var history = CommitHistory(limit: 10)
        for _ in 1...4 { history.append(draft()) }
        #expect(try history.records(after: 2).map(\.id) == [3, 4])
        #expect(try history.records(after: 4).isEmpty)
    }

    @Test func offHistoryRecordsNothing() {
        var history = CommitHistory(limit: 0)
        history.append(draft())
        #expect(history.records.isEmpty)
        #expect(throws: CommitLookupError.historyOff) { try history.record(1) }
        #expect(StoredCommitHistory(history).fileText == nil)
    }

    @Test func idsParseAsDecimalOnly() throws {
        #expect(try CommitHistory.parseID(" 42 ") == 42)
        #expect(throws: CommitLookupError.malformed("-1")) { try CommitHistory.parseID("-1") }
        #expect(throws: CommitLookupError.malformed("1e3")) { try CommitHistory.parseID("1e3") }
        #expect(try CommitReference.parse("candidate") == .candidate)
        #expect(try CommitReference.parse("7") == .commit(7))
    }

    @Test func labelsAndCommentsAreSetAndRemoved() throws {
        var stored = StoredCommitHistory(CommitHistory(limit: 5))
        stored.append(draft())
        try stored.annotate(1, label: "base", comment: "first")
        #expect(stored.history.records[0].label == "base")
        try stored.annotate(1, label: "", comment: nil)
        #expect(stored.history.records[0].label == nil && stored.history.records[0].comment == "first")
        #expect(stored.fileText?.contains("<comment>first</comment>") == true)
    }

    @Test func theFileCodingRoundTrips() throws {
        var stored = StoredCommitHistory(CommitHistory(limit: 5))
        stored.append(draft("alice", diff: "<system xmlns=\"urn:x\" xmlns:yang=\"urn:ietf:params:xml:ns:yang:1\" yang:operation=\"create\"/>"))
        var second = draft("bob & co")
        second.rolledBackTo = 1
        second.author.sessionID = nil
        stored.append(second)
        try stored.annotate(2, label: "l<1>", comment: "c\"2\"")
        let text = try #require(stored.fileText)
        let (records, nextID) = try CommitHistoryCoding.decode(text) { _ in [] }
        #expect(records == stored.history.records)
        #expect(nextID == 3)
    }

    @Test func idsOutOfOrderDoNotDecode() {
        let text = CommitHistoryCoding.document(nextID: 3, encodedRecords: [
            CommitHistoryCoding.encode({ var r = draft(); r.id = 2; return r }()),
            CommitHistoryCoding.encode({ var r = draft(); r.id = 1; return r }()),
        ])
        #expect(throws: (any Error).self) { try CommitHistoryCoding.decode(text) { _ in [] } }
    }

    @Test func schemaPathsQualifyEveryStepAndDropPredicates() {
        #expect(SchemaPath.qualified("/ietf-system:system/ntp/meridian-ntp:authentication/key[key-id='1']/hex-key")
            == "/ietf-system:system/ietf-system:ntp/meridian-ntp:authentication/meridian-ntp:key/meridian-ntp:hex-key")
        #expect(SchemaPath.qualified("/a:x[name='p/q]']/y") == "/a:x/a:y")
    }
}
