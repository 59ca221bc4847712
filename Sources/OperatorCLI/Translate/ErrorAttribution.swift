/// Which command a refused commit is about. The agent names the node (error-path, e.g.
/// `/system/ntp/server[name='10.0.1.31']/mntp:key-id`); the operator typed commands. The
/// best match among the uncommitted lines (each with its interface view, `interface lo-c:
/// ip address ...`) names the path's last node (or the command word for it) and one of its
/// key values; the latest wins among equals.
public enum ErrorAttribution {
    public static func culprit(of path: String, among lines: [String]) -> String? {
        let values = quotedValues(in: path)
        let last = path.split(separator: "/").last.map { String($0.split(separator: ":").last ?? $0) } ?? ""
        let node = last.split(separator: "[").first.map(String.init) ?? last
        let keyword = commandWords[node] ?? node
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
        "trusted": "reliable", "prefix-length": "address", "ip": "address", "enabled": "disable",
        "unsync-max-poll": "max-poll-interval", "stratum": "refclock-master", "group": "multicast",
    ]

    /// The values quoted in an error-path's predicates (`[name='a']` gives `a`).
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
