import NetconfClient
import OperatorCLI

/// A NETCONF error as the guides print errors: `Error: <message>`, and for a refused commit
/// the uncommitted command it is about (OperatorCLI's `ErrorAttribution`).
enum ErrorText {
    static func render(_ error: NetconfClientError, uncommitted: [String]) -> String {
        switch error {
        case .session(let reason):
            return "Error: the NETCONF session failed: \(TerminalText.escape(reason))"
        case .rpcErrors(let errors):
            return errors.map { render($0, uncommitted: uncommitted) }.joined(separator: "\n")
        }
    }

    static func render(_ error: ServerError, uncommitted: [String]) -> String {
        var text = "Error: " + TerminalText.escape(error.message ?? error.appTag ?? error.tag)
        if let path = error.path, let command = ErrorAttribution.culprit(of: path, among: uncommitted) {
            text += "\n  caused by: " + TerminalText.escape(command)
        }
        return text
    }
}
