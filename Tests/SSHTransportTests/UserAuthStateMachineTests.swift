@testable import SSHTransport
import Testing

@Suite struct UserAuthStateMachineTests {
    typealias Machine = UserAuthStateMachine
    let t0 = ContinuousClock.now
    let delay = Duration.seconds(1)

    func machine(maxTries: Int = 3) -> Machine {
        Machine(limits: .init(maxTries: maxTries, failureDelay: delay))
    }

    @Test func rightPasswordIsAnsweredAsSoonAsChecked() {
        var auth = machine()
        #expect(auth.received(0, .password, now: t0) == [.verifyPassword(0)])
        #expect(auth.verified(0, accepted: true, now: t0 + .milliseconds(20)) == [.replySuccess(0)])
        #expect(auth.isAuthenticated)
    }

    @Test func wrongPasswordIsAnsweredOneDelayAfterItsCheckBegan() {
        var auth = machine()
        _ = auth.received(0, .password, now: t0)
        #expect(auth.verified(0, accepted: false, now: t0 + .milliseconds(20)) == [.wake(at: t0 + delay)])
        #expect(auth.wakeTime == t0 + delay)
        #expect(auth.timerFired(now: t0 + .milliseconds(999)) == [])
        #expect(auth.timerFired(now: t0 + delay) == [.replyFailure(0, counted: true)])
        #expect(auth.failures == 1)
        #expect(auth.wakeTime == nil)
    }

    @Test func aCheckSlowerThanTheDelayIsAnsweredAtOnce() {
        var auth = machine()
        _ = auth.received(0, .password, now: t0)
        #expect(auth.verified(0, accepted: false, now: t0 + .seconds(3)) == [.replyFailure(0, counted: true)])
    }

    @Test func pipelinedPasswordsAreCheckedOneAtATimeInOrder() {
        var auth = machine(maxTries: 6)
        #expect(auth.received(0, .password, now: t0) == [.verifyPassword(0)])
        #expect(auth.received(1, .password, now: t0) == [])
        #expect(auth.received(2, .password, now: t0) == [])
        _ = auth.verified(0, accepted: false, now: t0)
        // The next check begins only when the previous failure has been answered.
        let second = t0 + delay
        #expect(auth.timerFired(now: second) == [.replyFailure(0, counted: true), .verifyPassword(1)])
        _ = auth.verified(1, accepted: false, now: second + .milliseconds(5))
        #expect(auth.wakeTime == second + delay)
        #expect(auth.timerFired(now: second + delay) == [.replyFailure(1, counted: true), .verifyPassword(2)])
        #expect(auth.verified(2, accepted: true, now: second + delay) == [.replySuccess(2)])
    }

    @Test func nothingIsCheckedPastMaxTries() {
        var auth = machine(maxTries: 3)
        var now = t0
        var actions = (0..<40).flatMap { auth.received($0, .password, now: now) }
        #expect(actions == [.verifyPassword(0)] + (3..<40).map { .discard($0) })
        // Fail every check the machine asks for, answering its wake-ups on time.
        var checked: [Int] = []
        var next: Int? = 0
        while let id = next, checked.count < 40 {
            checked.append(id)
            actions += auth.verified(id, accepted: false, now: now)
            now = auth.wakeTime ?? now
            let step = auth.timerFired(now: now)
            actions += step
            next = step.lazy.compactMap { if case .verifyPassword(let id) = $0 { id } else { nil } }.first
        }
        #expect(checked == [0, 1, 2])
        #expect(actions.filter { if case .replyFailure = $0 { true } else { false } }.count == 3)
        #expect(actions.last == .disconnect(reason: "too many authentication failures"))
        // At most maxTries requests wait; the rest were dropped unanswered on arrival.
        #expect(auth.received(40, .password, now: now) == [.discard(40)])
    }

    @Test func noneIsAnsweredAtOnceAndNeverCounted() {
        var auth = machine(maxTries: 1)
        #expect(auth.received(0, .none, now: t0) == [.replyFailure(0, counted: false)])
        #expect(auth.received(1, .none, now: t0) == [.replyFailure(1, counted: false)])
        #expect(auth.failures == 0)
        #expect(auth.received(2, .publicKeySigned, now: t0) == [.verifyKey(2)])
        #expect(auth.verified(2, accepted: true, now: t0) == [.replySuccess(2)])
    }

    @Test func noneWaitsItsTurnBehindAPasswordCheck() {
        var auth = machine()
        _ = auth.received(0, .password, now: t0)
        #expect(auth.received(1, .none, now: t0) == [])
        _ = auth.verified(0, accepted: false, now: t0)
        #expect(auth.timerFired(now: t0 + delay) == [.replyFailure(0, counted: true), .replyFailure(1, counted: false)])
    }

    @Test func rejectedKeysCountButAreNotDelayed() {
        var auth = machine(maxTries: 2)
        #expect(auth.received(0, .publicKeyQuery, now: t0) == [.verifyKey(0)])
        #expect(auth.verified(0, accepted: false, now: t0) == [.replyFailure(0, counted: true)])
        _ = auth.received(1, .publicKeyQuery, now: t0)
        #expect(auth.verified(1, accepted: false, now: t0) == [
            .replyFailure(1, counted: true), .disconnect(reason: "too many authentication failures"),
        ])
    }

    @Test func keyQueryThenSignatureLogsIn() {
        var auth = machine()
        _ = auth.received(0, .publicKeyQuery, now: t0)
        #expect(auth.verified(0, accepted: true, now: t0) == [.replyKeyAcceptable(0)])
        #expect(auth.failures == 0 && !auth.isAuthenticated)
        _ = auth.received(1, .publicKeySigned, now: t0)
        #expect(auth.verified(1, accepted: true, now: t0) == [.replySuccess(1)])
    }

    @Test func unsupportedMethodsCountAtOnce() {
        var auth = machine(maxTries: 2)
        #expect(auth.received(0, .unsupported, now: t0) == [.replyFailure(0, counted: true)])
        #expect(auth.received(1, .unsupported, now: t0) == [
            .replyFailure(1, counted: true), .disconnect(reason: "too many authentication failures"),
        ])
    }

    @Test func requestsAfterSuccessAreIgnored() {
        var auth = machine()
        _ = auth.received(0, .password, now: t0)
        _ = auth.received(1, .password, now: t0)
        #expect(auth.verified(0, accepted: true, now: t0) == [.replySuccess(0), .discard(1)])
        #expect(auth.received(2, .password, now: t0) == [.discard(2)])
    }

    @Test func aStaleOrRepeatedCheckResultChangesNothing() {
        var auth = machine()
        _ = auth.received(0, .password, now: t0)
        #expect(auth.verified(7, accepted: true, now: t0) == [])
        _ = auth.verified(0, accepted: false, now: t0)
        #expect(auth.verified(0, accepted: true, now: t0) == [])
        #expect(!auth.isAuthenticated)
    }

    @Test func failuresOfEveryKindTakeTheSameTime() {
        // Unknown user, key-only user and wrong password differ only inside the check
        // (the authenticator hashes a decoy); the answer comes one delay after it began.
        for checkTook in [Duration.milliseconds(1), .milliseconds(25), .milliseconds(900)] {
            var auth = machine()
            _ = auth.received(0, .password, now: t0)
            #expect(auth.verified(0, accepted: false, now: t0 + checkTook) == [.wake(at: t0 + delay)])
        }
    }
}
