/// A command the session cannot carry out against this server (not a NETCONF error).
struct ShellError: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
