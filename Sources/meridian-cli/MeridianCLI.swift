import ArgumentParser
import Glibc
import NetconfClient
import OperatorCLI
import SSHTransport

/// `meridian-cli [--host H] [--port P] [--user U] [-i KEYFILE] [-c 'COMMAND'] [FILE]`: the
/// vendor guides' commands over NETCONF (docs/CLI.md contract, issue #23).
@main
struct MeridianCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meridian-cli",
        abstract: "Huawei VRP / H3C Comware style NTP commands, spoken over NETCONF to meridiand.",
        discussion: """
            Interactive on a terminal; `-c` runs one command (exit 0 or 1); a FILE, or stdin when it is \
            not a terminal, runs commands in order and stops at the first error (exit 1). The password \
            comes from MERIDIAN_PASSWORD, else from a prompt on the terminal. The server's host key is \
            checked against --known-hosts: an unknown key is offered for confirmation on a terminal and \
            refused otherwise, unless --accept-new-host-key is given (it is then recorded).
            """)

    @Option(name: .long, help: "Server address.") var host = "127.0.0.1"
    @Option(name: .long, help: "NETCONF SSH port.") var port = 830
    @Option(name: .long, help: "User name (default: the login name).") var user: String?
    @Option(name: .customShort("i"), help: ArgumentHelp("Private key file for public-key login.", valueName: "KEYFILE"))
    var identity: String?
    @Option(name: .customShort("c"), help: ArgumentHelp("Run one command and exit.", valueName: "COMMAND"))
    var command: String?
    @Option(name: .customLong("known-hosts"), help: "Known-hosts file (default ~/.ssh/known_hosts).")
    var knownHosts: String?
    @Flag(name: .customLong("accept-new-host-key"), help: "Trust and record a host key seen for the first time without asking.")
    var acceptNewHostKey = false
    @Argument(help: "A file of commands to run in order.") var file: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1-65535") }
        if command != nil, file != nil { throw ValidationError("give either -c COMMAND or FILE, not both") }
    }

    func run() throws {
        let lines: [String]?
        if let file {
            guard let text = TextFile.read(file) else {
                printError("Error: cannot read \(file)")
                throw ExitCode(1)
            }
            lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        } else if command == nil, isatty(0) == 0 {
            lines = TextFile.readStandardInput().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        } else {
            lines = nil
        }
        let session: NetconfClientSession
        do {
            session = try Connector(options: connectionOptions, identity: identity, acceptNewHostKey: acceptNewHostKey).connect()
        } catch {
            printError("Error: \(TerminalText.escape(String(describing: error)))")
            throw ExitCode(1)
        }
        defer { session.close() }
        let shell = Shell(session: session, interactive: command == nil && lines == nil, host: host)
        if let command {
            if !shell.execute(command) { throw ExitCode(1) }
        } else if let lines {
            for line in lines where !shell.execute(line) {
                // A script that stops leaves no half-made change in the shared candidate.
                shell.discardOwnChanges()
                throw ExitCode(1)
            }
        } else {
            InteractiveLoop(shell: shell).run()
        }
    }

    var connectionOptions: SSHClientConnection.Options {
        let home = getenv("HOME").map { String(cString: $0) } ?? "/"
        let login = user ?? getenv("USER").map { String(cString: $0) } ?? "admin"
        return SSHClientConnection.Options(host: host, port: port, user: login,
                                           knownHostsFile: knownHosts ?? home + "/.ssh/known_hosts")
    }
}

func printError(_ text: String) {
    writeStandardError(text + "\n")
}

/// Writes to file descriptor 2 (the C `stderr` global is off limits in Swift 6).
func writeStandardError(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
        if written <= 0 { return }
        offset += written
    }
}
