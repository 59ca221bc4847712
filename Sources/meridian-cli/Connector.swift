import Glibc
import NetconfClient
import SSHTransport

/// Opens the SSH connection (host key check, login) and the NETCONF session on it.
struct Connector {
    let options: SSHClientConnection.Options
    let identity: String?
    let acceptNewHostKey: Bool

    func connect() throws -> NetconfClientSession {
        let connection = try SSHClientConnection(options: options, credential: credential, firstUse: decideFirstUse)
        return try NetconfClientSession(stream: SSHStream(connection: connection))
    }

    /// -i KEYFILE, else MERIDIAN_PASSWORD, else a prompt on the terminal (no echo).
    func credential() -> SSHClientConnection.Credential {
        if let identity { return .keyFile(identity) }
        if let password = getenv("MERIDIAN_PASSWORD") { return .password(String(cString: password)) }
        return .password(PasswordPrompt.read("\(options.user)@\(options.host)'s password: ") ?? "")
    }

    /// An unknown host key: accepted with --accept-new-host-key, else asked on the terminal
    /// (as OpenSSH does), else refused.
    func decideFirstUse(_ check: HostKeyCheck) -> Bool {
        if acceptNewHostKey { return true }
        guard isatty(0) != 0 else { return false }
        writeStandardError("The authenticity of host '\(check.host)' port \(check.port) can't be established.\n"
            + "Key fingerprint is \(check.fingerprint).\n"
            + "Are you sure you want to continue connecting (yes/no)? ")
        let answer = Swift.readLine() ?? ""
        return answer.lowercased() == "yes"
    }
}

/// The SSH channel as the NETCONF session's byte stream.
final class SSHStream: NetconfByteStream {
    let connection: SSHClientConnection

    init(connection: SSHClientConnection) {
        self.connection = connection
    }

    func write(_ bytes: [UInt8]) throws { try connection.write(bytes) }

    func read() throws -> [UInt8] { try connection.read() }
}
