/// The catalogue: every command of the three views, in the union of the Huawei VRP and H3C
/// Comware spellings (`ntp-service ...` and VRP's newer `ntp ...`). Command identifiers
/// (`command:`) are what ``ConfigTranslator`` switches on; keys name the stored words.
public enum CommandGrammar {
    public static func roots(for view: CommandView) -> [GrammarNode] {
        switch view {
        case .user: common + [systemView, rollback]
        case .system: common + systemCommands
        case .interface: common + interfaceCommands
        }
    }

    public static func parser(for view: CommandView) -> CommandParser {
        CommandParser(roots: roots(for: view))
    }

    // MARK: every view

    static let common: [GrammarNode] = [
        keyword("display", "Display information", undoable: false, DisplayGrammar.children),
        keyword("quit", "Exit from the current view", command: "quit", undoable: false),
        keyword("return", "Return to the user view", command: "return", undoable: false),
    ]

    static let systemView = keyword("system-view", "Enter the system view", command: "system-view", undoable: false)

    /// VRP's `rollback configuration to commit-id N` and `rollback configuration last K`.
    static let rollback = keyword("rollback", "Roll the configuration back", undoable: false, [
        keyword("configuration", "The running configuration", [
            keyword("to", "To the configuration of a commit", [
                keyword("commit-id", "The commit", [
                    argument(.integer(1...Int.max), key: "commit-id", "Commit ID", command: "rollback-to"),
                ]),
            ]),
            keyword("last", "To the configuration before the last commits", [
                argument(.integer(1...1_000), key: "count", "Number of commits", command: "rollback-last"),
            ]),
        ]),
    ])

    // MARK: system view

    static let systemCommands: [GrammarNode] = [
        keyword("sysname", "Set the host name", undoEnds: true, [
            argument(.word(maxLength: 64), key: "name", "Host name", command: "sysname"),
        ]),
        keyword("interface", "Enter an interface view", undoable: true, [
            argument(.word(maxLength: 64), key: "interface", "Interface name", command: "interface"),
        ]),
        keyword("ntp-service", "Configure NTP", NTPGrammar.globalCommands),
        keyword("ntp", key: "ntp-service", "Configure NTP", NTPGrammar.globalCommands + [NTPGrammar.unsync]),
        keyword("commit", "Commit the candidate configuration", command: "commit", undoable: false,
                options: [keyword("label", "Label of the commit", [argument(.word(maxLength: 64), key: "label", "Label")])]),
        keyword("abort", "Discard the uncommitted changes and return to the user view", command: "abort", undoable: false),
        keyword("clear", "Clear", undoable: false, [
            keyword("configuration", "Configuration", [
                keyword("candidate", "Discard the uncommitted changes of the candidate", command: "clear-candidate"),
            ]),
        ]),
    ]

    // MARK: interface view (a system-view command typed here leaves for the system view, as
    // in VRP: the shell tries the system grammar when this one refuses a line)

    static let interfaceCommands: [GrammarNode] = [
        keyword("ip", "IP settings of the interface", [
            keyword("address", "Set an IPv4 address", [
                argument(.ipv4, key: "address", "IPv4 address", [
                    argument(.mask, key: "mask", "Subnet mask or mask length", command: "ip-address"),
                ]),
            ]),
        ]),
        keyword("ipv6", "IPv6 settings of the interface", [
            keyword("address", "Set an IPv6 address", [
                argument(.ipAddress, key: "address", "IPv6 address", [
                    argument(.integer(1...128), key: "prefix-length", "Prefix length", command: "ipv6-address"),
                ]),
            ]),
        ]),
        keyword("ntp-service", "Configure NTP on this interface", NTPGrammar.interfaceCommands),
        keyword("ntp", key: "ntp-service", "Configure NTP on this interface", NTPGrammar.interfaceCommands),
    ]
}
