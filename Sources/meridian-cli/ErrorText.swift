import NetconfClient
import OperatorCLI

/// A NETCONF error as the guides print errors: `Error: <message>`, and for a failed commit
/// the uncommitted command the error is about, found from the values in its error-path.
enum ErrorText {
    static func render(_ error: NetconfClientError, line: String, uncommitted: [String]) -> String {
        switch error {
        case .session(let reason):
            return "Error: the NETCONF session failed: \(TerminalText.escape(reason))"
        case .rpcErrors(let errors):
            return errors.map { render($0, uncommitted: uncommitted) }.joined(separator: "\n")
        }
    }

    static func render(_ error: ServerError, uncommitted: [String]) -> String {
        let message = error.message ?? error.appTag ?? error.tag
        var text = "Error: " + TerminalText.escape(message)
        if let path = error.path, let command = culprit(of: path, among: uncommitted) {
            text += "\n  caused by: " + TerminalText.escape(command)
        }
        return text
    }

    /// The last uncommitted line that mentions a key value of the error-path (`'10.0.1.31'`),
    /// else one whose words name the path's last node.
    static func culprit(of path: String, among lines: [String]) -> String? {
        let values = quotedValues(in: path)
        if let line = lines.last(where: { line in values.contains { line.contains($0) } }) { return line }
        let leaf = path.split(separator: "/").last.map { String($0.split(separator: ":").last ?? $0) } ?? ""
        let word = leaf.split(separator: "[").first.map(String.init) ?? leaf
        return word.isEmpty ? nil : lines.last { $0.contains(word) }
    }

    static func quotedValues(in path: String) -> [String] {
        var values: [String] = []
        var current: String?
        for character in path {
            if character == "'" || character == "\"" {
                if let value = current {
                    if !value.isEmpty { values.append(value) }
                    current = nil
                } else {
                    current = ""
                }
            } else if current != nil {
                current?.append(character)
            }
        }
        return values
    }
}
