internal import CLibSSH

/// The C entry points libssh calls once a user has logged in (before, the reactor answers
/// libssh's queued messages itself: SSHReactor+Login.swift). Each recovers the reactor from
/// `userdata`, finds the connection by its session pointer and forwards to a Swift method;
/// none of them calls back into libssh except where libssh expects it (creating the channel
/// it asked for). The connection's machine decides every answer.
enum SSHCallbacks {
    static func install(
        server: UnsafeMutablePointer<ssh_server_callbacks_struct>,
        channel: UnsafeMutablePointer<ssh_channel_callbacks_struct>,
        userdata: UnsafeMutableRawPointer
    ) {
        server.pointee.size = MemoryLayout<ssh_server_callbacks_struct>.size  // ssh_callbacks_init
        server.pointee.userdata = userdata
        server.pointee.channel_open_request_session_function = onChannelOpen
        server.pointee.service_request_function = onServiceRequest

        channel.pointee.size = MemoryLayout<ssh_channel_callbacks_struct>.size
        channel.pointee.userdata = userdata
        channel.pointee.channel_data_function = onData
        channel.pointee.channel_eof_function = onEOF
        channel.pointee.channel_close_function = onClose
        channel.pointee.channel_subsystem_request_function = onSubsystem
        channel.pointee.channel_pty_request_function = onPTY
        channel.pointee.channel_shell_request_function = onShell
        channel.pointee.channel_exec_request_function = onExec
    }

    private static func reactor(_ userdata: UnsafeMutableRawPointer?) -> SSHReactor? {
        guard let userdata else { return nil }
        return Unmanaged<SSHReactor>.fromOpaque(userdata).takeUnretainedValue()
    }

    static let onServiceRequest: ssh_service_request_callback = { session, service, userdata in
        guard let service, let reactor = reactor(userdata), let connection = reactor.connection(for: session) else { return -1 }
        return reactor.serviceRequested(connection, name: String(cString: service)) ? 0 : -1
    }

    static let onChannelOpen: ssh_channel_open_request_session_callback = { session, userdata in
        guard let reactor = reactor(userdata), let connection = reactor.connection(for: session) else { return nil }
        return reactor.openSessionChannel(connection)
    }

    static let onSubsystem: ssh_channel_subsystem_request_callback = { session, _, subsystem, userdata in
        guard let reactor = reactor(userdata), let connection = reactor.connection(for: session), let subsystem
        else { return -1 }
        return reactor.subsystemRequested(connection, name: String(cString: subsystem)) ? 0 : -1
    }

    static let onPTY: ssh_channel_pty_request_callback = { session, _, _, _, _, _, _, userdata in
        guard let reactor = reactor(userdata), let connection = reactor.connection(for: session) else { return -1 }
        return reactor.channelRequested(connection, kind: "pty-req") ? 0 : -1
    }

    static let onShell: ssh_channel_shell_request_callback = { session, _, userdata in
        guard let reactor = reactor(userdata), let connection = reactor.connection(for: session) else { return -1 }
        return reactor.channelRequested(connection, kind: "shell") ? 0 : -1
    }

    static let onExec: ssh_channel_exec_request_callback = { session, _, _, userdata in
        guard let reactor = reactor(userdata), let connection = reactor.connection(for: session) else { return -1 }
        return reactor.channelRequested(connection, kind: "exec") ? 0 : -1
    }

    static let onData: ssh_channel_data_callback = { session, _, data, length, isStderr, userdata in
        guard let reactor = reactor(userdata), let connection = reactor.connection(for: session) else {
            return Int32(bitPattern: length)
        }
        if isStderr == 0, let data {
            // Not consumed while the handler has input paused: libssh keeps it buffered.
            guard reactor.received(connection, UnsafeRawBufferPointer(start: data, count: Int(length))) else { return 0 }
        }
        return Int32(bitPattern: length)
    }

    static let onEOF: ssh_channel_eof_callback = { session, _, userdata in
        guard let reactor = reactor(userdata), let connection = reactor.connection(for: session) else { return }
        reactor.inputEnded(connection)
    }

    static let onClose: ssh_channel_close_callback = { session, _, userdata in
        guard let reactor = reactor(userdata), let connection = reactor.connection(for: session) else { return }
        reactor.channelEnded(connection)
    }
}
