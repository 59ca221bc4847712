import Testing
@testable import meridiand

@Suite struct CommandLineSpecTests {
    func ran(_ line: String) -> [String]? {
        if case .run(let arguments) = request(line) { return arguments.command.path }
        return nil
    }

    @Test func leadingWordsSelectTheCommand() {
        #expect(ran("run --state-dir /s") == ["run"])
        #expect(ran("user add erin --password-stdin") == ["user", "add"])
        #expect(ran("user remove erin") == ["user", "remove"])
        #expect(ran("validate f.xml") == ["validate"])
    }

    @Test func unknownOrMissingCommandsAreUsageErrorsOfTheirGroup() {
        #expect(request("") == .usageError([], UsageError("missing command")))
        #expect(request("frob") == .usageError([], UsageError("unknown command 'frob'")))
        #expect(request("--version") == .usageError([], UsageError("unknown option '--version'")))
        #expect(request("user") == .usageError(["user"], UsageError("missing command after 'user'")))
        #expect(request("user frobnicate erin") == .usageError(["user"], UsageError("unknown command 'user frobnicate'")))
    }

    @Test func scanErrorsNameTheCommand() {
        #expect(request("run --no-such-option") == .usageError(["run"], UsageError("unknown option '--no-such-option'")))
        #expect(request("user add") == .usageError(["user", "add"], UsageError("missing argument NAME")))
    }

    @Test func helpAnywhereBeforeDoubleDashAsksForHelpOfWhatIsNamedSoFar() {
        #expect(request("--help") == .help([]))
        #expect(request("-h run") == .help([]))
        #expect(request("user -h") == .help(["user"]))
        #expect(request("run --state-dir /s --no-such-option --help") == .help(["run"]))
        #expect(request("run --state-dir -h") == .help(["run"]))
        #expect(request("user add erin --password-stdin -h") == .help(["user", "add"]))
        #expect(ran("user add --password-stdin -- -h") == ["user", "add"])
    }

    @Test func helpWordNamesTheTarget() {
        #expect(request("help") == .help([]))
        #expect(request("help run") == .help(["run"]))
        #expect(request("help user add") == .help(["user", "add"]))
        #expect(request("user help remove") == .help(["user", "remove"]))
        #expect(request("help nope") == .usageError([], UsageError("no help for 'nope'")))
        #expect(request("help run extra") == .usageError([], UsageError("no help for 'run extra'")))
    }

    @Test func commandHelpHasOneLinePerVisibleOptionWithItsDefault() {
        let help = Meridiand.commandLine.help(of: ["run"])
        let lines = help.split(separator: "\n").map(String.init)
        for option in RunCommand.spec.options where !option.isHidden {
            #expect(lines.filter { $0.hasPrefix("  --\(option.name) ") }.count == 1, "\(option.name)")
        }
        #expect(lines.contains { $0.hasPrefix("  --max-sessions N ") && $0.hasSuffix("NETCONF sessions allowed at once. (default: 1024)") })
        #expect(lines.contains { $0.hasPrefix("  -h, --help ") })
        #expect(!help.contains("ntp-broadcast-poll"))
        #expect(lines.first == RunCommand.spec.abstract)
    }

    @Test func usageShowsPositionalsAndRepeatableOptions() {
        #expect(Meridiand.commandLine.usage(of: ["user", "add"])
            == "usage: meridiand user add NAME [--state-dir DIR] [--password-stdin] [--authorized-key FILE]...")
        #expect(Meridiand.commandLine.usage(of: ["user"]) == "usage: meridiand user {add|remove} ...")
        #expect(Meridiand.commandLine.usage(of: []) == "usage: meridiand {run|user|validate} ...")
    }

    @Test func groupHelpListsItsCommandsWithTheirAbstracts() {
        let help = Meridiand.commandLine.help(of: ["user"])
        #expect(help.hasPrefix(UserCommand.group.abstract + "\n"))
        #expect(help.contains("\n  add     " + UserCommand.Add.spec.abstract + "\n"))
        #expect(help.contains("\n  remove  " + UserCommand.Remove.spec.abstract + "\n"))
        #expect(Meridiand.commandLine.help(of: []).contains("\n  user      " + UserCommand.group.abstract + "\n"))
    }

    @Test func everyCommandOfTheSpecHasItsType() {
        #expect(Meridiand.commandLine.commands.map(\.path) == Meridiand.commands.map { $0.spec.path })
    }
}
