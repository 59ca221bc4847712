/// The session channel: callback bodies (run inside `ssh_event_dopoll`) and the handler's
/// calls (write, close, pause), each fed to the connection's machine.
extension SSHReactor {
    // MARK: Handler calls (reactor thread only)

    /// Queues bytes for the channel. They are written after the current poll turn, never
    /// from inside a libssh callback (libssh may process packets while it flushes).
    func pendingOutput(_ id: ConnectionID) -> Int {
        connectionsByID[id]?.output.count ?? 0
    }

    func write(_ id: ConnectionID, _ bytes: some Collection<UInt8>) {
        guard let connection = connectionsByID[id], connection.machine.acceptsOutput else { return }
        connection.output.append(bytes)
        let actions = connection.machine.outputQueued(pending: connection.output.count)
        if actions.contains(.discardOutput) {
            logger.warning("closing session: client is not reading its replies", metadata: ["conn": "\(id)"])
        }
        perform(actions, on: connection)
        touch(connection)
    }

    func close(_ id: ConnectionID, reason: String) {
        guard let connection = connectionsByID[id] else { return }
        perform(connection.machine.closeRequested(reason: reason, now: now), on: connection)
        touch(connection)
    }

    func setInputPaused(_ id: ConnectionID, _ paused: Bool) {
        guard let connection = connectionsByID[id] else { return }
        perform(connection.machine.setInputPaused(paused), on: connection)
        touch(connection)
    }

    // MARK: Output and buffered input (after the poll turn)

    /// Writes queued output as far as the client's window allows.
    func flush(_ connection: SSHConnection) {
        guard let channel = connection.channel, !connection.output.isEmpty else { return }
        // ssh_channel_write may process incoming packets while it flushes, and so run
        // callbacks that queue more output for this connection: write from a buffer
        // taken out of the connection and put back (with anything added) afterwards.
        var output = connection.output
        connection.output = OutputBuffer()
        defer {
            output.append(connection.output)
            connection.output = output
        }
        while !output.isEmpty {
            let window = channel.window
            guard window > 0 else { return }
            var failed = false
            var wrote = 0
            output.consume(upTo: min(window, 256 << 10)) { chunk in
                guard let count = channel.write(chunk) else {
                    failed = true
                    return 0
                }
                wrote = count
                return count
            }
            if failed {
                perform(connection.machine.channelWriteFailed(), on: connection)
                touch(connection)
                return
            }
            if wrote == 0 { return }
        }
    }

    /// After a resume: hands the handler what libssh buffered while input was paused (reading
    /// it enlarges the window again), then what the machine says came meanwhile.
    func readBufferedInput(_ connection: SSHConnection) {
        if let channel = connection.channel {
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while connection.machine.acceptsInput {
                // May run the data callback itself (it handles packets first); either way the
                // bytes leave libssh's buffer in order.
                let count = buffer.withUnsafeMutableBytes { channel.readBuffered(into: $0) }
                guard count > 0 else { break }
                // Input is being accepted, so the bytes are always taken here.
                buffer.withUnsafeBytes { _ = received(connection, UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            }
        }
        perform(connection.machine.bufferedInputRead(now: now), on: connection)
    }

    // MARK: Callback bodies (run inside ssh_event_dopoll)

    func serviceRequested(_ connection: SSHConnection, name: String) -> Bool {
        let actions = connection.machine.receiveServiceRequest(name)
        perform(actions, on: connection)
        return actions.contains(.acceptService)
    }

    func openSessionChannel(_ connection: SSHConnection) -> OpaquePointer? {
        perform(connection.machine.receiveChannelOpen(), on: connection)
        return connection.channel?.unownedPointer
    }

    func subsystemRequested(_ connection: SSHConnection, name: String) -> Bool {
        let actions = connection.machine.receiveSubsystemRequest(name)
        perform(actions, on: connection)
        return actions.contains(.acceptSubsystem)
    }

    /// exec, shell, pty-req: always refused.
    func channelRequested(_ connection: SSHConnection, kind: String) -> Bool {
        let actions = connection.machine.receiveChannelRequest(kind)
        perform(actions, on: connection)
        return false
    }

    /// False when the bytes were not taken (input paused): libssh keeps them buffered.
    func received(_ connection: SSHConnection, _ bytes: UnsafeRawBufferPointer) -> Bool {
        switch connection.machine.receiveData(bytes, now: now) {
        case .deliver:
            handler.channelReceived(connection.id, bytes)
            return true
        case .consumed:
            return true
        case .keepBuffered:
            return false
        }
    }

    func inputEnded(_ connection: SSHConnection) {
        perform(connection.machine.receiveEOF(), on: connection)
    }

    func channelEnded(_ connection: SSHConnection) {
        perform(connection.machine.receiveChannelClose(now: now), on: connection)
    }
}
