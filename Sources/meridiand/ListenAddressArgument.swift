import SSHTransport

/// Parses `ADDR:PORT` or `[IPV6]:PORT` as given to `--netconf-listen`.
enum ListenAddressArgument {
    static func parse(_ argument: String) -> SSHServerConfiguration.ListenAddress? {
        let host: Substring
        let portText: Substring
        if argument.hasPrefix("[") {
            guard let close = argument.firstIndex(of: "]") else { return nil }
            host = argument[argument.index(after: argument.startIndex)..<close]
            let rest = argument[argument.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else {
            guard let colon = argument.lastIndex(of: ":") else { return nil }
            host = argument[..<colon]
            portText = argument[argument.index(after: colon)...]
            guard !host.contains(":") else { return nil }
        }
        guard !host.isEmpty, let port = UInt16(portText), port > 0 else { return nil }
        return .init(host: String(host), port: port)
    }
}
