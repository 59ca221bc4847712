import Accounts
import ArgumentParser
import Glibc
import SSHTransport
import StateFiles

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the users allowed to open NETCONF sessions.",
        subcommands: [Add.self, Remove.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user, or set its password / add keys if it exists.",
            discussion: "Setting admin's password removes the first-run password file STATE/admin-password.")

        @Argument(help: "User name (letters, digits, '_', '.', '-'; at most 32).") var name: String
        @Option(name: .customLong("state-dir"), help: "State directory.") var stateDir: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input (one line).")
        var passwordStdin = false
        @Option(name: .customLong("authorized-key"), help: "OpenSSH public key file to authorize (repeatable).")
        var authorizedKeys: [String] = []

        func validate() throws {
            guard UserDatabase.isValidName(name) else { throw ValidationError("invalid user name '\(name)'") }
            guard passwordStdin || !authorizedKeys.isEmpty else {
                throw ValidationError("give --password-stdin or --authorized-key FILE")
            }
        }

        func run() throws {
            let state = StateDirectory(stateDir)
            do {
                // Key files are read first: they may be readable only by whoever runs this.
                let hash = try passwordStdin ? readPasswordHash() : nil
                let keys = try authorizedKeys.flatMap { try loadKeys($0) }
                try state.actAsOwner(creating: true)
                try UserDatabase(directory: state.path).add(user: name, passwordHash: hash, keys: keys)
                print("user '\(name)' saved in \(state.path)")
                // A new admin password makes the first-run one (and its file) obsolete.
                if name == FirstRun.user, hash != nil, FirstRun.forgetPassword(in: state.path) {
                    print("removed \(FirstRun.passwordFile(in: state.path)) (the first-run password)")
                }
            } catch {
                printError("meridiand: \(error)")
                throw ExitCode.failure
            }
        }

        private func readPasswordHash() throws -> String {
            guard var line = readLine(strippingNewline: true) else { throw StartupError("no password on standard input") }
            if line.hasSuffix("\r") { line.removeLast() }
            guard !line.isEmpty else { throw StartupError("empty password") }
            guard let hash = PasswordHash.make(line) else { throw StartupError("the system's crypt cannot hash passwords") }
            return hash
        }

        private func loadKeys(_ file: String) throws -> [SSHPublicKey] {
            guard let bytes = AtomicFile.read(file) else { throw StartupError("cannot read key file \(file)") }
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                .map { $0.trimmingCharacters(in: " \t\r") }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            guard !lines.isEmpty else { throw StartupError("no key in \(file)") }
            return try lines.map { line in
                do { return try SSHPublicKey.parse(authorizedKeyLine: line) } catch {
                    throw StartupError("\(file): \(error)")
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user and its keys.")

        @Argument(help: "User name.") var name: String
        @Option(name: .customLong("state-dir"), help: "State directory.") var stateDir: String?

        func run() throws {
            let state = StateDirectory(stateDir)
            do {
                try state.actAsOwner(creating: false)
                try UserDatabase(directory: state.path).remove(user: name)
                print("user '\(name)' removed")
                if name == FirstRun.user, FirstRun.forgetPassword(in: state.path) {
                    print("removed \(FirstRun.passwordFile(in: state.path)) (the first-run password)")
                }
            } catch {
                printError("meridiand: \(error)")
                throw ExitCode.failure
            }
        }
    }
}

func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        let drop: (Character) -> Bool = { set.contains($0) }
        return String(self.drop(while: drop).reversed().drop(while: drop).reversed())
    }
}
