/// The `ntp-service ...` (and `ntp ...`) subcommands.
enum NTPGrammar {
    static let keyID = ArgumentType.integer(1...65535)
    static let poll = ArgumentType.integer(-6...17)
    static let interfaceName = ArgumentType.word(maxLength: 64)

    /// Options of `unicast-server` and `unicast-peer`, each once, in any order.
    static let associationOptions: [GrammarNode] = [
        keyword("vpn-instance", "VPN instance (Linux VRF device)", [argument(.word(maxLength: 15), key: "vpn-instance", "VPN instance name")]),
        keyword("version", "NTP version", [argument(.integer(1...4), key: "version", "Version number")]),
        keyword("port", "Remote UDP port", [argument(.integer(1...65535), key: "port", "Port number")]),
        keyword("authentication-keyid", "Authentication key", [argument(keyID, key: "key-id", "Key ID")]),
        keyword("source-interface", "Send from this interface", [argument(interfaceName, key: "source-interface", "Interface name")]),
        keyword("preference", key: "prefer", "Prefer this source (VRP)"),
        keyword("preferred", key: "prefer", "Prefer this source (VRP)"),
        keyword("priority", key: "prefer", "Prefer this source (Comware)"),
        keyword("minpoll", "Shortest poll interval (log2 s)", [argument(poll, key: "minpoll", "Poll exponent")]),
        keyword("maxpoll", "Longest poll interval (log2 s)", [argument(poll, key: "maxpoll", "Poll exponent")]),
        keyword("burst", "Send a burst at each poll"),
        keyword("iburst", "Send a burst while unreachable"),
        keyword("preempt", "May be dropped when better sources exist"),
    ]

    static func association(_ word: String, _ help: String) -> GrammarNode {
        keyword(word, help, [
            keyword("ipv6", key: "ipv6", "IPv6 address", [
                argument(.ipAddress, key: "host", "IPv6 address", command: word, options: associationOptions),
            ]),
            argument(.host, key: "host", "Address or domain name", command: word, options: associationOptions),
        ])
    }

    static let globalCommands: [GrammarNode] = [
        association("unicast-server", "Configure an NTP server (client mode)"),
        association("unicast-peer", "Configure an NTP peer (symmetric active mode)"),
        keyword("refclock-master", "Use the local clock as a reference", command: "refclock-master", [
            argument(.ipv4, key: "refclock", "Reference clock address (127.127.t.u)", command: "refclock-master", [
                argument(.integer(1...15), key: "stratum", "Stratum", command: "refclock-master"),
            ]),
            argument(.integer(1...15), key: "stratum", "Stratum", command: "refclock-master"),
        ]),
        keyword("source-interface", "Interface whose address NTP sends from", undoEnds: true, [
            argument(interfaceName, key: "interface", "Interface name", command: "source-interface"),
        ]),
        keyword("ipv6", "IPv6 settings", [
            keyword("source-interface", key: "ipv6-source-interface", "Interface whose IPv6 address NTP sends from", undoEnds: true, [
                argument(interfaceName, key: "interface", "Interface name", command: "ipv6-source-interface"),
            ]),
            association("unicast-server", "Configure an IPv6 NTP server"),
            association("unicast-peer", "Configure an IPv6 NTP peer"),
        ]),
        keyword("server", "The NTP server side of this device", [
            keyword("source-interface", key: "listen", "Answer NTP requests only on this interface", [
                argument(interfaceName, key: "interface", "Interface name", command: "listen-interface"),
            ]),
            keyword("disable", "Do not answer NTP requests", command: "server-disable"),
        ]),
        keyword("authentication", "Authentication", [
            keyword("enable", "Use only authenticated packets for synchronization", command: "authentication-enable"),
        ]),
        keyword("authentication-keyid", "Configure an authentication key", [
            argument(keyID, key: "key-id", "Key ID", command: "authentication-key-undo", [
                keyword("authentication-mode", "Algorithm", [
                    algorithm("md5", "MD5"), algorithm("sha1", "SHA-1"),
                    algorithm("hmac-sha256", "HMAC-SHA256"), algorithm("aes-128-cmac", "AES-128-CMAC"),
                ]),
            ]),
        ]),
        keyword("reliable", "Trust a key", [
            keyword("authentication-keyid", "Key", [argument(keyID, key: "key-id", "Key ID", command: "reliable-key")]),
        ]),
        keyword("access", "Access control by source prefix", [
            accessMode("peer", "Time requests and synchronization to the source"),
            accessMode("server", "Time requests and control queries"),
            accessMode("synchronization", "Time requests only"),
            accessMode("query", "Control queries only"),
            keyword("limited", "Rate-limit each client's time requests (RATE kiss, then silence)", command: "access-limited",
                    options: [
                        keyword("average-interval", "Average seconds between two requests of a client", [
                            argument(.integer(1...3600), key: "average-interval", "Seconds"),
                        ]),
                        keyword("burst", "Requests a client may send at once", [argument(.integer(1...64), key: "burst", "Count")]),
                    ]),
        ]),
        keyword("max-dynamic-sessions", "Most dynamic associations", undoEnds: true, [
            argument(.integer(0...1024), key: "count", "Number", command: "max-dynamic-sessions"),
        ]),
        keyword("enable", "Enable NTP", command: "ntp-enable"),
    ]

    static func algorithm(_ word: String, _ help: String) -> GrammarNode {
        keyword(word, key: "algorithm", help, [
            keyword("cipher", key: "form", "Key as text", [argument(.word(maxLength: 20), key: "secret", "Key", command: "authentication-key")]),
            keyword("simple", key: "form", "Key as text (Comware)", [argument(.word(maxLength: 20), key: "secret", "Key", command: "authentication-key")]),
            keyword("hex-cipher", key: "form", "Key as hexadecimal octets", [argument(.word(maxLength: 128), key: "secret", "Hex key", command: "authentication-key")]),
        ])
    }

    static func accessMode(_ word: String, _ help: String) -> GrammarNode {
        keyword(word, key: "mode", help, command: "access", [
            argument(.prefix, key: "prefix", "Source prefix (X.X.X.X/M)", command: "access"),
        ])
    }

    static let unsync = keyword("unsync", "While unsynchronized", [
        keyword("max-poll-interval", "Poll interval cap while unsynchronized", undoEnds: true, [
            argument(poll, key: "poll-interval", "Poll exponent", [
                keyword("dec-step", "Step by which the interval decreases", [
                    argument(.integer(1...17), key: "dec-step", "Step", command: "unsync-max-poll"),
                ]),
            ]),
        ]),
    ])

    static let interfaceCommands: [GrammarNode] = [
        keyword("broadcast-server", "Send NTP broadcasts", command: "broadcast-server", options: [
            keyword("authentication-keyid", "Key", [argument(keyID, key: "key-id", "Key ID")]),
            keyword("version", "NTP version", [argument(.integer(1...4), key: "version", "Version")]),
        ]),
        keyword("broadcast-client", "Listen to NTP broadcasts", command: "broadcast-client"),
        keyword("multicast-server", "Send NTP multicasts", command: "multicast-server", options: multicastServerOptions, [
            argument(.ipAddress, key: "group", "Multicast group", command: "multicast-server", options: multicastServerOptions),
        ]),
        keyword("multicast-client", "Listen to NTP multicasts", command: "multicast-client", [
            argument(.ipAddress, key: "group", "Multicast group", command: "multicast-client"),
        ]),
        keyword("disable", "Drop NTP packets received on this interface", command: "interface-disable"),
    ]

    static let multicastServerOptions: [GrammarNode] = [
        keyword("ttl", "Time to live", [argument(.integer(1...255), key: "ttl", "TTL")]),
        keyword("authentication-keyid", "Key", [argument(keyID, key: "key-id", "Key ID")]),
        keyword("version", "NTP version", [argument(.integer(1...4), key: "version", "Version")]),
    ]
}
