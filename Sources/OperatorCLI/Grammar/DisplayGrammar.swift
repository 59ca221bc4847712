/// `display ...`: the read-only commands of every view.
enum DisplayGrammar {
    static let ntpDisplays: [GrammarNode] = [
        keyword("status", "NTP clock status", command: "display-status"),
        keyword("sessions", "NTP sessions", command: "display-sessions", [
            keyword("verbose", "Every field of each session", command: "display-sessions"),
        ]),
        keyword("trace", "The chain of NTP servers up to the reference", command: "display-trace"),
    ]

    static let include = keyword("|", "Filter the output", [
        keyword("include", "Lines that contain the text", [
            argument(.text, key: "include", "Text", command: "display-current"),
        ]),
    ])

    static let children: [GrammarNode] = [
        keyword("ntp-service", "NTP information", ntpDisplays),
        keyword("ntp", key: "ntp-service", "NTP information", ntpDisplays),
        keyword("current-configuration", "The running configuration, as commands", command: "display-current", [include]),
        keyword("configuration", "Configurations", [
            keyword("candidate", "The candidate configuration, as commands", command: "display-candidate", [include]),
            keyword("commit", "The commit history", [
                keyword("list", "The commits, newest first", command: "display-commit-list", [
                    keyword("verbose", "Every commit with what it changed", command: "display-commit-list"),
                ]),
                keyword("changes", "What a commit changed", [
                    keyword("at", "At one commit", [
                        keyword("commit-id", "The commit", [
                            argument(.integer(1...Int.max), key: "commit-id", "Commit ID", command: "display-commit-changes"),
                        ]),
                    ]),
                ]),
            ]),
        ]),
    ]
}
