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

    /// The uncommitted line (with its view, `interface lo-c: ip address ...`) that best matches
    /// the error-path: one naming the path's last node and one of its key values
    /// (`'10.0.1.31'`) first, then either; the latest among equals.
    static func culprit(of path: String, among lines: [String]) -> String? {
        let values = quotedValues(in: path)
        let last = path.split(separator: "/").last.map { String($0.split(separator: ":").last ?? $0) } ?? ""
        let word = last.split(separator: "[").first.map(String.init) ?? last
        let keyword = commandWords[word] ?? word
        var best: (score: Int, line: String)?
        for line in lines {
            let words = Set(line.split(whereSeparator: { $0 == " " || $0 == ":" }).map(String.init))
            let score = (!keyword.isEmpty && line.contains(keyword) ? 2 : 0) + (values.contains { words.contains($0) } ? 1 : 0)
            if score > 0, score >= (best?.score ?? 0) { best = (score, line) }
        }
        return best?.line
    }

    /// Model node names whose command says it differently.
    static let commandWords = [
        "algorithm": "authentication-mode", "key-id": "authentication-keyid", "hostname": "sysname",
        "max-dynamic-associations": "max-dynamic-sessions", "listen-interface": "server source-interface",
        "server-enabled": "server disable", "prefix": "access", "hex-key": "cipher", "ascii-key": "cipher",
        "trusted": "reliable", "prefix-length": "ip address", "ip": "ip address", "enabled": "disable",
        "unsync-max-poll": "max-poll-interval", "stratum": "refclock-master", "group": "multicast",
    ]

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
