@testable import SSHTransport
import Testing

/// Drives `SSHConnectionMachine` through every state with instants derived from one base
/// instant (no clock is read after it, nothing sleeps).
@Suite struct SSHConnectionMachineTests {
    typealias Machine = SSHConnectionMachine
    let t0 = ContinuousClock.now
    let grace = Duration.seconds(30)
    let idle = Duration.seconds(60)
    let delay = Duration.seconds(1)

    func limits(maxTries: Int = 3, idle: Duration?? = nil, maxOutput: Int = 100) -> Machine.Limits {
        Machine.Limits(
            loginGraceTime: grace, idleTimeout: idle ?? self.idle, maxPendingOutput: maxOutput,
            auth: .init(maxTries: maxTries, failureDelay: delay))
    }

    func accepted(_ limits: Machine.Limits? = nil) -> Machine {
        var machine = Machine(limits: limits ?? self.limits(), now: t0)
        #expect(machine.start() == [.startKeyExchange])
        return machine
    }

    func loggedIn(_ limits: Machine.Limits? = nil) -> Machine {
        var machine = accepted(limits)
        _ = machine.receiveServiceRequest("ssh-userauth")
        _ = machine.receiveAuthRequest(0, user: "alice", method: .password, now: t0)
        _ = machine.authChecked(0, accepted: true, now: t0)
        return machine
    }

    /// Running since `t0 + 1 s`.
    func running(_ limits: Machine.Limits? = nil) -> Machine {
        var machine = loggedIn(limits)
        _ = machine.receiveChannelOpen()
        _ = machine.receiveSubsystemRequest("netconf")
        _ = machine.settle(now: t0 + .seconds(1), pendingOutput: 0)
        return machine
    }

    func receive(_ machine: inout Machine, _ bytes: [UInt8], at now: ContinuousClock.Instant) -> Machine.InputDisposition {
        bytes.withUnsafeBytes { machine.receiveData($0, now: now) }
    }

    // MARK: Accept and key exchange

    @Test func acceptStartsTheKeyExchangeOnceWithTheGraceDeadline() {
        var machine = Machine(limits: limits(), now: t0)
        #expect(machine.nextDeadline == t0 + grace)
        #expect(machine.start() == [.startKeyExchange])
        #expect(machine.start() == [])
        #expect(machine.isLoggingIn)
        #expect(machine.nextDeadline == t0 + grace)
    }

    @Test func keyExchangeThatCannotStartEndsTheLogin() {
        var machine = accepted()
        #expect(machine.keyExchangeFailed(reason: "kex") == [])
        #expect(machine.settle(now: t0, pendingOutput: 0) == [.endLogin, .disconnect(reason: "kex", notifyHandler: false)])
        #expect(machine.settle(now: t0, pendingOutput: 0) == [])
    }

    @Test func silentClientIsDroppedAtTheGraceTimeAndNotBefore() {
        var machine = accepted()
        #expect(machine.timerFired(now: t0 + grace - .milliseconds(1)) == [])
        #expect(machine.settle(now: t0 + grace - .milliseconds(1), pendingOutput: 0) == [])
        #expect(machine.timerFired(now: t0 + grace) == [])
        #expect(machine.nextDeadline == nil)
        #expect(machine.settle(now: t0 + grace, pendingOutput: 0)
            == [.endLogin, .disconnect(reason: "login grace time exceeded", notifyHandler: false)])
    }

    @Test func graceTimeCountsFromAcceptBeforeTheKeyExchangeStarts() {
        var machine = Machine(limits: limits(), now: t0)
        _ = machine.timerFired(now: t0 + grace)
        #expect(machine.settle(now: t0 + grace, pendingOutput: 0)
            == [.endLogin, .disconnect(reason: "login grace time exceeded", notifyHandler: false)])
    }

    // MARK: Services

    @Test func userAuthServiceMovesToAuthenticating() {
        var machine = accepted()
        #expect(machine.receiveServiceRequest("ssh-userauth") == [.acceptService])
        guard case .authenticating = machine.state else { Issue.record("not authenticating"); return }
        #expect(machine.receiveServiceRequest("ssh-connection") == [.acceptService])
    }

    @Test func unknownServiceBeforeLoginDropsTheConnection() {
        var machine = accepted()
        #expect(machine.receiveServiceRequest("x-evil") == [.refuseService("x-evil")])
        #expect(machine.settle(now: t0, pendingOutput: 0)
            == [.endLogin, .disconnect(reason: "refused SSH service", notifyHandler: false)])
    }

    @Test func unknownServiceAfterLoginIsRefusedWithoutDropping() {
        var machine = loggedIn()
        #expect(machine.receiveServiceRequest("x-evil") == [.refuseService("x-evil")])
        #expect(machine.receiveServiceRequest("ssh-connection") == [.acceptService])
        #expect(machine.settle(now: t0, pendingOutput: 0) == [])
    }

    @Test func otherRequestsBeforeLoginAreRefusedAndTooManyDropTheClient() {
        var limits = limits()
        limits.maxOtherLoginMessages = 2
        var machine = accepted(limits)
        #expect(machine.receiveOtherLoginMessage("global-request") == [.refuseLoginMessage("global-request")])
        _ = machine.receiveServiceRequest("ssh-userauth")
        #expect(machine.receiveOtherLoginMessage("channel-open") == [.refuseLoginMessage("channel-open")])
        // Two refused: the count survives the move from key exchange to authenticating.
        #expect(machine.settle(now: t0, pendingOutput: 0) == [])
        #expect(machine.isLoggingIn)
        #expect(machine.receiveOtherLoginMessage("channel-open") == [.refuseLoginMessage("channel-open")])
        #expect(machine.settle(now: t0, pendingOutput: 0)
            == [.endLogin, .disconnect(reason: "too many requests before login", notifyHandler: false)])
    }

    @Test func otherRequestsAfterLoginAreNotCountedAsLoginMessages() {
        var limits = limits()
        limits.maxOtherLoginMessages = 0
        var machine = loggedIn(limits)
        #expect(machine.receiveOtherLoginMessage("global-request") == [.refuseLoginMessage("global-request")])
        #expect(machine.settle(now: t0, pendingOutput: 0) == [])
        #expect(machine.state.isAuthenticated)
    }

    // MARK: Authentication

    @Test func rightPasswordLogsInAndEndsTheLogin() {
        var machine = accepted()
        _ = machine.receiveServiceRequest("ssh-userauth")
        #expect(machine.receiveAuthRequest(7, user: "alice", method: .password, now: t0) == [.checkPassword(7)])
        #expect(machine.authChecked(7, accepted: true, now: t0 + .milliseconds(20)) == [.replyAuthSuccess(7, user: "alice"), .endLogin])
        #expect(machine.state.isAuthenticated)
        #expect(!machine.isLoggingIn)
        #expect(machine.nextDeadline == t0 + grace)
    }

    @Test func authRequestBeforeTheServiceRequestIsStillAnswered() {
        var machine = accepted()
        #expect(machine.receiveAuthRequest(0, user: "bob", method: .publicKeySigned, now: t0) == [.checkKey(0)])
        #expect(machine.authChecked(0, accepted: true, now: t0) == [.replyAuthSuccess(0, user: "bob"), .endLogin])
    }

    @Test func wrongPasswordIsAnsweredOneSecondAfterItsCheckBeganThroughTheDeadline() {
        var machine = accepted()
        _ = machine.receiveAuthRequest(0, user: "alice", method: .password, now: t0)
        #expect(machine.authChecked(0, accepted: false, now: t0 + .milliseconds(20)) == [])
        #expect(machine.nextDeadline == t0 + delay)
        #expect(machine.timerFired(now: t0 + delay - .milliseconds(1)) == [])
        #expect(machine.timerFired(now: t0 + delay) == [.replyAuthFailure(0, counted: true)])
        #expect(machine.authFailures == 1)
        #expect(machine.nextDeadline == t0 + grace)
    }

    @Test func keyQueryIsAnsweredAcceptableWithoutLoggingIn() {
        var machine = accepted()
        #expect(machine.receiveAuthRequest(0, user: "bob", method: .publicKeyQuery, now: t0) == [.checkKey(0)])
        #expect(machine.authChecked(0, accepted: true, now: t0) == [.replyKeyAcceptable(0)])
        #expect(machine.isLoggingIn)
    }

    @Test func noneMethodIsRefusedAndNotCounted() {
        var machine = accepted()
        #expect(machine.receiveAuthRequest(0, user: "bob", method: .none, now: t0) == [.replyAuthFailure(0, counted: false)])
        #expect(machine.authFailures == 0)
    }

    @Test func maxAuthTriesFailuresDropTheConnectionAndLaterRequestsAreNeverChecked() {
        var machine = accepted(limits(maxTries: 2))
        #expect(machine.receiveAuthRequest(0, user: "a", method: .unsupported, now: t0) == [.replyAuthFailure(0, counted: true)])
        #expect(machine.receiveAuthRequest(1, user: "a", method: .password, now: t0) == [.checkPassword(1)])
        // Past the attempts left: dropped unanswered, never checked.
        #expect(machine.receiveAuthRequest(2, user: "a", method: .password, now: t0) == [.discardAuthRequest(2)])
        _ = machine.authChecked(1, accepted: false, now: t0)
        #expect(machine.timerFired(now: t0 + delay) == [.replyAuthFailure(1, counted: true)])
        #expect(machine.receiveAuthRequest(3, user: "a", method: .password, now: t0 + delay) == [.discardAuthRequest(3)])
        #expect(machine.settle(now: t0 + delay, pendingOutput: 0)
            == [.endLogin, .disconnect(reason: "too many authentication failures", notifyHandler: false)])
    }

    @Test func pendingRequestsAreDiscardedWhenOneSucceeds() {
        var machine = accepted(limits(maxTries: 6))
        _ = machine.receiveAuthRequest(0, user: "a", method: .password, now: t0)
        #expect(machine.receiveAuthRequest(1, user: "a", method: .password, now: t0) == [])
        #expect(machine.authChecked(0, accepted: true, now: t0) == [.replyAuthSuccess(0, user: "a"), .discardAuthRequest(1), .endLogin])
    }

    @Test func authRequestAfterLoginIsDiscarded() {
        var machine = loggedIn()
        #expect(machine.receiveAuthRequest(5, user: "a", method: .password, now: t0) == [.discardAuthRequest(5)])
    }

    @Test func checkResultForAnotherRequestIsIgnored() {
        var machine = accepted()
        _ = machine.receiveAuthRequest(0, user: "a", method: .password, now: t0)
        #expect(machine.authChecked(9, accepted: true, now: t0) == [])
        #expect(machine.isLoggingIn)
    }

    @Test func fullPasswordPoolDropsTheConnection() {
        var machine = accepted()
        _ = machine.receiveAuthRequest(0, user: "a", method: .password, now: t0)
        _ = machine.passwordCheckRefused()
        #expect(machine.settle(now: t0, pendingOutput: 0)
            == [.endLogin, .disconnect(reason: "password checks backed up", notifyHandler: false)])
        #expect(machine.authChecked(0, accepted: true, now: t0) == [])
    }

    @Test func graceTimeWinsOverAHeldBackFailure() {
        var machine = accepted(Machine.Limits(loginGraceTime: .milliseconds(500), idleTimeout: nil, maxPendingOutput: 1, auth: .init(maxTries: 3, failureDelay: delay)))
        _ = machine.receiveAuthRequest(0, user: "a", method: .password, now: t0)
        _ = machine.authChecked(0, accepted: false, now: t0)
        #expect(machine.nextDeadline == t0 + .milliseconds(500))
        #expect(machine.timerFired(now: t0 + .milliseconds(500)) == [])
        #expect(machine.settle(now: t0 + .milliseconds(500), pendingOutput: 0)
            == [.endLogin, .disconnect(reason: "login grace time exceeded", notifyHandler: false)])
    }

    // MARK: Channel and subsystem

    @Test func channelBeforeLoginIsRefused() {
        var machine = accepted()
        #expect(machine.receiveChannelOpen() == [.refuseChannel])
    }

    @Test func oneSessionChannelAfterLogin() {
        var machine = loggedIn()
        #expect(machine.receiveChannelOpen() == [.acceptChannel])
        #expect(machine.receiveChannelOpen() == [.refuseChannel])
    }

    @Test func channelThatCannotBeCreatedDropsTheConnection() {
        var machine = loggedIn()
        _ = machine.receiveChannelOpen()
        _ = machine.channelCreationFailed()
        #expect(machine.settle(now: t0, pendingOutput: 0) == [.disconnect(reason: "cannot create channel", notifyHandler: false)])
    }

    @Test func onlyTheNetconfSubsystemIsAccepted() {
        var machine = loggedIn()
        #expect(machine.receiveSubsystemRequest("netconf") == [.refuseChannelRequest("subsystem netconf")])
        _ = machine.receiveChannelOpen()
        #expect(machine.receiveSubsystemRequest("sftp") == [.refuseChannelRequest("subsystem sftp")])
        #expect(machine.receiveSubsystemRequest("netconf") == [.acceptSubsystem])
        #expect(machine.receiveSubsystemRequest("netconf") == [.refuseChannelRequest("subsystem netconf")])
    }

    @Test(arguments: ["exec", "shell", "pty-req"])
    func execShellAndPtyAreRefused(kind: String) {
        var machine = loggedIn()
        _ = machine.receiveChannelOpen()
        #expect(machine.receiveChannelRequest(kind) == [.refuseChannelRequest(kind)])
        var running = running()
        #expect(running.receiveChannelRequest(kind) == [.refuseChannelRequest(kind)])
    }

    @Test func handlerHearsOfTheSessionAfterThePollTurnWithEarlyInput() {
        var machine = loggedIn()
        _ = machine.receiveChannelOpen()
        _ = machine.receiveSubsystemRequest("netconf")
        #expect(!machine.acceptsOutput)
        #expect(receive(&machine, [1, 2], at: t0) == .consumed)
        #expect(receive(&machine, [3], at: t0) == .consumed)
        #expect(machine.settle(now: t0 + .seconds(2), pendingOutput: 0) == [.openSubsystem(user: "alice", earlyInput: [1, 2, 3])])
        #expect(machine.acceptsOutput && machine.acceptsInput && machine.flushesOutput)
        #expect(machine.nextDeadline == t0 + .seconds(2) + idle)
        #expect(machine.settle(now: t0 + .seconds(2), pendingOutput: 0) == [])
    }

    @Test func graceTimeAppliesUntilTheSubsystemRunsAndNotAfter() {
        for step in 0..<3 {
            var machine = loggedIn()
            if step > 0 { _ = machine.receiveChannelOpen() }
            if step > 1 { _ = machine.receiveSubsystemRequest("netconf") }
            #expect(machine.nextDeadline == t0 + grace)
            _ = machine.timerFired(now: t0 + grace)
            #expect(machine.settle(now: t0 + grace, pendingOutput: 0)
                == [.disconnect(reason: "login grace time exceeded", notifyHandler: false)])
        }
        var machine = running()
        #expect(machine.timerFired(now: t0 + grace) == [])
        #expect(machine.acceptsInput)
    }

    @Test func handlerRefusingTheSessionClosesWithoutTellingItAgain() {
        var machine = running()
        _ = machine.handlerRefusedSession(now: t0 + .seconds(1))
        #expect(machine.settle(now: t0 + .seconds(1), pendingOutput: 0) == [.closeChannel])
        #expect(machine.settle(now: t0 + .seconds(3), pendingOutput: 0) == [.disconnect(reason: "session refused", notifyHandler: false)])
    }

    @Test func channelClosedBeforeTheSubsystemDropsTheConnection() {
        var machine = loggedIn()
        _ = machine.receiveChannelOpen()
        #expect(machine.receiveChannelClose(now: t0) == [])
        #expect(machine.settle(now: t0, pendingOutput: 0) == [.disconnect(reason: "channel closed", notifyHandler: false)])
    }

    // MARK: Running: input, idle timeout

    @Test func inputIsDeliveredAndPostponesTheIdleTimeout() {
        var machine = running()
        #expect(receive(&machine, [1], at: t0 + .seconds(30)) == .deliver)
        #expect(machine.nextDeadline == t0 + .seconds(30) + idle)
        #expect(machine.timerFired(now: t0 + .seconds(1) + idle) == [])
        #expect(machine.acceptsInput)
    }

    @Test func idleSessionIsClosedAtTheIdleTimeout() {
        var machine = running()
        #expect(machine.timerFired(now: t0 + .seconds(1) + idle - .milliseconds(1)) == [])
        #expect(machine.timerFired(now: t0 + .seconds(1) + idle) == [])
        #expect(machine.settle(now: t0 + .seconds(1) + idle, pendingOutput: 0) == [.closeChannel])
        #expect(machine.settle(now: t0 + .seconds(3) + idle, pendingOutput: 0) == [.disconnect(reason: "idle timeout", notifyHandler: true)])
    }

    @Test func noIdleTimeoutMeansNoDeadlineWhileRunning() {
        let machine = running(limits(idle: .some(nil)))
        #expect(machine.nextDeadline == nil)
    }

    @Test func eofIsPassedOnWhileReading() {
        var machine = running()
        #expect(machine.receiveEOF() == [.endInput])
    }

    @Test func pausedInputStaysInLibsshAndIsReadAfterResume() {
        var machine = running()
        #expect(machine.setInputPaused(true) == [])
        #expect(!machine.acceptsInput)
        #expect(receive(&machine, [1], at: t0 + .seconds(2)) == .keepBuffered)
        #expect(machine.nextDeadline == t0 + .seconds(1) + idle)
        #expect(machine.settle(now: t0 + .seconds(2), pendingOutput: 0) == [])
        #expect(machine.setInputPaused(false) == [])
        #expect(machine.settle(now: t0 + .seconds(3), pendingOutput: 0) == [.readBufferedInput])
        #expect(receive(&machine, [1], at: t0 + .seconds(3)) == .deliver)
        #expect(machine.bufferedInputRead(now: t0 + .seconds(3)) == [])
        #expect(machine.settle(now: t0 + .seconds(3), pendingOutput: 0) == [])
    }

    @Test func pausingTwiceOrResumingUnpausedChangesNothing() {
        var machine = running()
        _ = machine.setInputPaused(false)
        #expect(machine.settle(now: t0, pendingOutput: 0) == [])
        _ = machine.setInputPaused(true)
        _ = machine.setInputPaused(true)
        _ = machine.setInputPaused(false)
        #expect(machine.settle(now: t0, pendingOutput: 0) == [.readBufferedInput])
    }

    @Test func eofAndCloseWhilePausedComeAfterTheBufferedInput() {
        var machine = running()
        _ = machine.setInputPaused(true)
        #expect(machine.receiveEOF() == [])
        #expect(machine.receiveChannelClose(now: t0 + .seconds(2)) == [])
        #expect(machine.acceptsOutput)
        _ = machine.setInputPaused(false)
        #expect(machine.settle(now: t0 + .seconds(3), pendingOutput: 0) == [.readBufferedInput])
        #expect(machine.bufferedInputRead(now: t0 + .seconds(3)) == [.endInput])
        #expect(machine.settle(now: t0 + .seconds(3), pendingOutput: 0) == [.closeChannel])
    }

    @Test func pausedAgainDuringTheDrainKeepsEofForLater() {
        var machine = running()
        _ = machine.setInputPaused(true)
        _ = machine.receiveEOF()
        _ = machine.setInputPaused(false)
        _ = machine.settle(now: t0, pendingOutput: 0)
        _ = machine.setInputPaused(true)
        #expect(machine.bufferedInputRead(now: t0) == [])
        _ = machine.setInputPaused(false)
        _ = machine.settle(now: t0, pendingOutput: 0)
        #expect(machine.bufferedInputRead(now: t0) == [.endInput])
    }

    // MARK: Output

    @Test func outputUpToTheLimitIsKeptAndPastItTheClientIsDropped() {
        var machine = running(limits(maxOutput: 100))
        #expect(machine.outputQueued(pending: 100) == [])
        #expect(machine.outputQueued(pending: 101) == [.discardOutput])
        #expect(!machine.acceptsOutput)
        #expect(machine.settle(now: t0, pendingOutput: 0)
            == [.disconnect(reason: "output limit exceeded (client not reading)", notifyHandler: true)])
    }

    @Test func failedChannelWriteDropsTheConnectionAndTellsTheHandler() {
        var machine = running()
        _ = machine.channelWriteFailed()
        #expect(machine.settle(now: t0, pendingOutput: 3) == [.disconnect(reason: "channel write failed", notifyHandler: true)])
    }

    @Test func outputBeforeTheSessionRunsIsDiscarded() {
        var machine = loggedIn()
        #expect(machine.outputQueued(pending: 1) == [.discardOutput])
    }

    // MARK: Closing

    @Test func closeWaitsForQueuedOutputThenClosesTheChannelThenLingers() {
        var machine = running()
        let closeAt = t0 + .seconds(10)
        #expect(machine.closeRequested(reason: "close-session", now: closeAt) == [])
        #expect(!machine.acceptsOutput && machine.flushesOutput)
        #expect(machine.settle(now: closeAt, pendingOutput: 5) == [])
        #expect(machine.nextDeadline == closeAt + .seconds(5))
        let flushedAt = closeAt + .seconds(1)
        #expect(machine.settle(now: flushedAt, pendingOutput: 0) == [.closeChannel])
        #expect(!machine.flushesOutput)
        #expect(machine.nextDeadline == flushedAt + .seconds(2))
        #expect(machine.settle(now: flushedAt + .seconds(1), pendingOutput: 0) == [])
        #expect(machine.settle(now: flushedAt + .seconds(2), pendingOutput: 0) == [.disconnect(reason: "close-session", notifyHandler: true)])
        #expect(machine.nextDeadline == nil)
    }

    @Test func closeGivesUpOnUnsentOutputAfterFiveSeconds() {
        var machine = running()
        _ = machine.closeRequested(reason: "bye", now: t0)
        #expect(machine.settle(now: t0 + .seconds(5) - .milliseconds(1), pendingOutput: 5) == [])
        #expect(machine.settle(now: t0 + .seconds(5), pendingOutput: 5) == [.closeChannel])
    }

    @Test func clientClosingTheChannelStartsTheClose() {
        var machine = running()
        #expect(machine.receiveChannelClose(now: t0) == [])
        #expect(machine.settle(now: t0, pendingOutput: 0) == [.closeChannel])
        #expect(machine.receiveChannelClose(now: t0) == [])
        #expect(machine.closeRequested(reason: "again", now: t0) == [])
        #expect(machine.transportClosed(detail: "peer disconnected") == [.disconnect(reason: "client closed the channel", notifyHandler: true)])
    }

    @Test func closeRequestedBeforeTheSessionRunsDrops() {
        var machine = loggedIn()
        _ = machine.closeRequested(reason: "stop", now: t0)
        #expect(machine.settle(now: t0, pendingOutput: 0) == [.disconnect(reason: "stop", notifyHandler: false)])
    }

    @Test func peerHangingUpWhileLoggingInEndsTheLogin() {
        var machine = accepted()
        #expect(machine.transportClosed(detail: "peer disconnected") == [.endLogin, .disconnect(reason: "peer disconnected", notifyHandler: false)])
        #expect(machine.transportClosed(detail: "again") == [])
    }

    @Test func peerHangingUpWhileRunningTellsTheHandler() {
        var machine = running()
        #expect(machine.transportClosed(detail: "peer disconnected") == [.disconnect(reason: "peer disconnected", notifyHandler: true)])
    }

    @Test func droppedConnectionKeepsItsReasonWhenThePeerHangsUp() {
        var machine = running(limits(maxOutput: 1))
        _ = machine.outputQueued(pending: 2)
        #expect(machine.transportClosed(detail: "peer disconnected")
            == [.disconnect(reason: "output limit exceeded (client not reading)", notifyHandler: true)])
    }

    @Test func serverStopEndsEveryStateAtOnce() {
        var login = accepted()
        #expect(login.end(reason: "server shutting down") == [.endLogin, .disconnect(reason: "server shutting down", notifyHandler: false)])
        var session = running()
        _ = session.closeRequested(reason: "bye", now: t0)
        #expect(session.end(reason: "server shutting down") == [.disconnect(reason: "server shutting down", notifyHandler: true)])
        #expect(session.end(reason: "server shutting down") == [])
    }

    @Test func closingIsDrivenBySettleNotByTimers() {
        var machine = running()
        _ = machine.closeRequested(reason: "bye", now: t0)
        #expect(machine.timerFired(now: t0 + .seconds(60)) == [])
        #expect(machine.settle(now: t0 + .seconds(60), pendingOutput: 0) == [.closeChannel])
    }

    @Test func pauseEofAndInputBeforeTheSessionRunsAreIgnored() {
        var machine = loggedIn()
        _ = machine.receiveChannelOpen()
        #expect(machine.setInputPaused(true) == [])
        #expect(machine.receiveEOF() == [])
        #expect(receive(&machine, [1], at: t0) == .consumed)
        #expect(machine.bufferedInputRead(now: t0) == [])
        #expect(!machine.acceptsInput && !machine.acceptsOutput && !machine.flushesOutput)
    }

    @Test func closedMachineIgnoresEverything() {
        var machine = running()
        _ = machine.end(reason: "x")
        #expect(receive(&machine, [1], at: t0) == .consumed)
        #expect(machine.receiveEOF() == [])
        #expect(machine.timerFired(now: t0 + .seconds(9999)) == [])
        #expect(machine.settle(now: t0, pendingOutput: 0) == [])
        #expect(machine.outputQueued(pending: 1) == [.discardOutput])
        #expect(machine.nextDeadline == nil)
    }
}

extension SSHConnectionMachine.State {
    var isAuthenticated: Bool {
        if case .authenticated = self { return true }
        return false
    }
}
