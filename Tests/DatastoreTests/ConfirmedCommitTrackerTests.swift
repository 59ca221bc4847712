import Datastore
import NetconfModel
import Testing

@Suite struct ConfirmedCommitTrackerTests {
    typealias Tracker = ConfirmedCommitTracker<ContinuousClock.Instant, String>
    let t0 = ContinuousClock.now
    let a = SessionID(rawValue: 1)
    let b = SessionID(rawValue: 2)

    func request(confirmed: Bool = false, timeout: Int = 600, persist: String? = nil, persistID: String? = nil) -> Tracker.CommitRequest {
        var r = Tracker.CommitRequest()
        r.confirmed = confirmed
        r.timeout = .seconds(timeout)
        r.persist = persist
        r.persistID = persistID
        return r
    }

    @Test func plainCommitWithNothingPending() throws {
        var tracker = Tracker()
        let kind = try tracker.commit(request(), from: a, now: t0) { "old" }
        #expect(kind == .plain)
        #expect(tracker.pending == nil)
    }

    @Test func confirmedCommitRollsBackWhenTheTimerExpires() throws {
        var tracker = Tracker()
        let kind = try tracker.commit(request(confirmed: true, timeout: 30), from: a, now: t0) { "before" }
        #expect(kind == .confirmedStarted(deadline: t0 + .seconds(30)))
        #expect(tracker.expire(now: t0 + .seconds(29)) == nil)
        #expect(tracker.expire(now: t0 + .seconds(30)) == "before")
        #expect(tracker.pending == nil)
    }

    @Test func confirmingCommitFromTheSameSessionMakesItPermanent() throws {
        var tracker = Tracker()
        _ = try tracker.commit(request(confirmed: true), from: a, now: t0) { "before" }
        #expect(try tracker.commit(request(), from: a, now: t0 + .seconds(1)) { "x" } == .confirming)
        #expect(tracker.expire(now: t0 + .seconds(10_000)) == nil)
    }

    @Test func anotherSessionCannotConfirmWithoutPersist() throws {
        var tracker = Tracker()
        _ = try tracker.commit(request(confirmed: true), from: a, now: t0) { "before" }
        #expect(throws: RPCError.self) { try tracker.commit(request(), from: b, now: t0) { "x" } }
        #expect(tracker.pending != nil)
    }

    @Test func extendingKeepsTheOriginalRollbackPoint() throws {
        var tracker = Tracker()
        _ = try tracker.commit(request(confirmed: true, timeout: 10), from: a, now: t0) { "original" }
        let kind = try tracker.commit(request(confirmed: true, timeout: 100), from: a, now: t0 + .seconds(5)) { "newer" }
        #expect(kind == .confirmedExtended(deadline: t0 + .seconds(105)))
        #expect(tracker.expire(now: t0 + .seconds(50)) == nil)
        #expect(tracker.expire(now: t0 + .seconds(105)) == "original")
    }

    @Test func theInitiatingSessionEndingRollsBack() throws {
        var tracker = Tracker()
        _ = try tracker.commit(request(confirmed: true), from: a, now: t0) { "before" }
        #expect(tracker.sessionEnded(b) == nil)
        #expect(tracker.sessionEnded(a) == "before")
    }

    @Test func persistSurvivesTheSessionAndNeedsTheToken() throws {
        var tracker = Tracker()
        _ = try tracker.commit(request(confirmed: true, persist: "tok"), from: a, now: t0) { "before" }
        #expect(tracker.sessionEnded(a) == nil)
        #expect(throws: RPCError.self) { try tracker.commit(request(), from: b, now: t0) { "x" } }
        #expect(throws: RPCError.self) { try tracker.commit(request(persistID: "bad"), from: b, now: t0) { "x" } }
        #expect(try tracker.commit(request(persistID: "tok"), from: b, now: t0) { "x" } == .confirming)
    }

    @Test func cancelRestoresAndRequiresOwnership() throws {
        var tracker = Tracker()
        #expect(throws: RPCError.self) { try tracker.cancel(persistID: nil, from: a) }
        _ = try tracker.commit(request(confirmed: true, persist: "p"), from: a, now: t0) { "before" }
        #expect(throws: RPCError.self) { try tracker.cancel(persistID: nil, from: a) }
        #expect(try tracker.cancel(persistID: "p", from: b) == "before")
        #expect(tracker.pending == nil)
    }

    @Test func persistIDWithNothingPendingIsInvalid() {
        var tracker = Tracker()
        #expect(throws: RPCError.self) { try tracker.commit(request(persistID: "p"), from: a, now: t0) { "x" } }
    }
}
