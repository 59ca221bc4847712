/// The session channel after login: only one, only the netconf subsystem, input paused
/// and resumed by the handler, output bounded.
extension SSHConnectionMachine {
    static let subsystem = "netconf"

    /// What to do with channel data libssh hands over.
    enum InputDisposition: Equatable {
        /// Give the bytes to the handler now.
        case deliver
        /// The machine kept them (for the handler, or they have nowhere to go): consumed.
        case consumed
        /// Input is paused: leave them in libssh's buffer (the window stops growing).
        case keepBuffered
    }

    mutating func receiveChannelOpen() -> [Action] {
        guard case .authenticated(let loggedIn) = state else { return [.refuseChannel] }
        state = .channelOpen(loggedIn)
        return [.acceptChannel]
    }

    /// libssh could not create the channel it asked for.
    mutating func channelCreationFailed() -> [Action] {
        drop(reason: "cannot create channel")
        return []
    }

    /// Writing to the channel failed: the connection cannot go on.
    mutating func channelWriteFailed() -> [Action] {
        drop(reason: "channel write failed")
        return []
    }

    mutating func receiveSubsystemRequest(_ name: String) -> [Action] {
        guard name == Self.subsystem, case .channelOpen(let loggedIn) = state else {
            return [.refuseChannelRequest("subsystem " + name)]
        }
        state = .subsystemAccepted(Starting(loggedIn: loggedIn))
        return [.acceptSubsystem]
    }

    /// exec, shell, pty-req, …: never allowed.
    mutating func receiveChannelRequest(_ kind: String) -> [Action] {
        [.refuseChannelRequest(kind)]
    }

    mutating func receiveData(_ bytes: UnsafeRawBufferPointer, now: Instant) -> InputDisposition {
        switch state {
        case .subsystemAccepted(var starting):
            // The client may send its hello in the same turn as the subsystem request.
            starting.earlyInput.append(contentsOf: bytes)
            state = .subsystemAccepted(starting)
            return .consumed
        case .running(var running):
            guard !running.inputPaused else { return .keepBuffered }
            running.lastInput = now
            state = .running(running)
            return .deliver
        default:
            return .consumed
        }
    }

    mutating func receiveEOF() -> [Action] {
        guard case .running(var running) = state else { return [] }
        guard running.inputPaused else { return [.endInput] }
        running.eofWhilePaused = true
        state = .running(running)
        return []
    }

    mutating func receiveChannelClose(now: Instant) -> [Action] {
        switch state {
        case .running(var running):
            if running.inputPaused {
                running.closeWhilePaused = true
                state = .running(running)
            } else {
                beginClose(reason: "client closed the channel", now: now)
            }
        case .authenticated, .channelOpen, .subsystemAccepted:
            drop(reason: "channel closed")
        default:
            break
        }
        return []
    }

    /// The handler refused the session it was told about (`openSubsystem`).
    mutating func handlerRefusedSession(now: Instant) -> [Action] {
        guard case .running = state else { return [] }
        beginClose(reason: "session refused", now: now, handlerKnows: false)
        return []
    }

    /// The handler stops (true) or resumes (false) reading.
    mutating func setInputPaused(_ paused: Bool) -> [Action] {
        guard case .running(var running) = state, running.inputPaused != paused else { return [] }
        running.inputPaused = paused
        if !paused { running.drainRequested = true }
        state = .running(running)
        return []
    }

    /// After `readBufferedInput`: an EOF or close that came while paused is acted on now.
    mutating func bufferedInputRead(now: Instant) -> [Action] {
        guard case .running(var running) = state, !running.inputPaused else { return [] }
        var actions: [Action] = []
        if running.eofWhilePaused {
            running.eofWhilePaused = false
            actions.append(.endInput)
        }
        state = .running(running)
        if running.closeWhilePaused {
            beginClose(reason: "client closed the channel", now: now)
        }
        return actions
    }

    /// Output was queued; `pending` bytes now wait for the client.
    mutating func outputQueued(pending: Int) -> [Action] {
        guard case .running = state else { return [.discardOutput] }
        guard pending > limits.maxPendingOutput else { return [] }
        drop(reason: "output limit exceeded (client not reading)")
        return [.discardOutput]
    }
}
