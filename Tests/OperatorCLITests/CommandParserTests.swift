import Testing
@testable import OperatorCLI

@Suite struct CommandParserTests {
    let system = CommandGrammar.parser(for: .system)

    @Test func unicastServerWithOptionsInAnyOrder() throws {
        let command = try #require(try system.parse("ntp-service unicast-server 10.0.1.31 iburst version 3 preference minpoll 4"))
        #expect(command.command == "unicast-server")
        #expect(command["host"] == "10.0.1.31")
        #expect(command["version"] == "3")
        #expect(command["minpoll"] == "4")
        #expect(command.has("iburst") && command.has("prefer"))
        #expect(!command.undo)
    }

    @Test func unambiguousAbbreviationsAreAccepted() throws {
        let command = try #require(try system.parse("ntp-s unicast-s 10.0.1.31 ib"))
        #expect(command.command == "unicast-server")
        #expect(command.has("iburst"))
    }

    @Test func ambiguousAbbreviationIsReportedAtItsWord() {
        // `unicast-` is both unicast-server and unicast-peer.
        #expect(throws: ParseError(.ambiguous, column: 12)) { try system.parse("ntp-service unicast- 10.0.1.31") }
    }

    @Test func unknownWordIsReportedAtItsColumn() {
        #expect(throws: ParseError(.unrecognized, column: 12)) { try system.parse("ntp-service unicst-server 10.0.1.31") }
    }

    @Test func badValueIsAWrongParameter() {
        #expect(throws: ParseError(.wrongParameter, column: 28)) { try system.parse("ntp-service refclock-master 16") }
    }

    @Test func anOptionGivenTwiceIsRefused() {
        #expect(throws: ParseError.self) { try system.parse("ntp-service unicast-server 10.0.1.31 iburst iburst") }
    }

    @Test func incompleteCommandIsReported() {
        #expect(throws: ParseError(.incomplete, column: 12)) { try system.parse("ntp-service unicast-server") }
    }

    @Test func undoFormsNeedNoValue() throws {
        #expect(try system.parse("undo sysname") == ParsedCommand(command: "sysname", undo: true, values: ["sysname": "sysname"]))
        let server = try #require(try system.parse("undo ntp-service unicast-server 10.0.1.31"))
        #expect(server.undo && server.command == "unicast-server")
        #expect(try system.parse("un ntp-service source-interface")?.command == "source-interface")
    }

    @Test func newerNtpSpellingIsTheSameCommand() throws {
        #expect(try system.parse("ntp unicast-server 10.0.1.31")?.command == "unicast-server")
        let unsync = try #require(try system.parse("ntp unsync max-poll-interval 8 dec-step 2"))
        #expect(unsync.command == "unsync-max-poll" && unsync["poll-interval"] == "8" && unsync["dec-step"] == "2")
    }

    @Test func ipv6AndDomainNamesAreHosts() throws {
        #expect(try system.parse("ntp-service unicast-server ipv6 2001:db8::1")?["host"] == "2001:db8::1")
        #expect(try system.parse("ntp-service unicast-peer ntp.example.net")?["host"] == "ntp.example.net")
    }

    @Test func refclockMasterTakesAnOptionalAddressAndStratum() throws {
        #expect(try system.parse("ntp-service refclock-master")?.values["stratum"] == nil)
        #expect(try system.parse("ntp-service refclock-master 2")?["stratum"] == "2")
        let both = try #require(try system.parse("ntp-service refclock-master 127.127.1.0 3"))
        #expect(both["refclock"] == "127.127.1.0" && both["stratum"] == "3")
    }

    @Test func commentsAndBlankLinesAreNoCommands() throws {
        #expect(try system.parse("#") == nil)
        #expect(try system.parse("   ") == nil)
    }

    @Test func includeTakesTheRestOfTheLine() throws {
        let display = try #require(try system.parse("display current-configuration | include unicast server"))
        #expect(display.command == "display-current" && display["include"] == "unicast server")
    }

    @Test func userViewHasNoConfigurationCommands() {
        #expect(throws: ParseError(.unrecognized, column: 0)) { try CommandGrammar.parser(for: .user).parse("sysname X") }
    }

    @Test func helpListsTheNextWordsWithDescriptions() {
        let help = system.suggestions(for: "ntp-service unicast-server 10.0.1.31 ")
        #expect(help.canEnd)
        #expect(help.helpText.contains("iburst"))
        #expect(help.helpText.contains("<cr>"))
        #expect(help.helpText.contains("Send a burst while unreachable"))
    }

    @Test func helpAfterUsedOptionOmitsIt() {
        let help = system.suggestions(for: "ntp-service unicast-server 10.0.1.31 iburst ")
        #expect(!help.completions.contains("iburst"))
        #expect(help.completions.contains("burst"))
    }

    @Test func completionOffersKeywordsWithThePrefix() {
        #expect(system.suggestions(for: "ntp-service uni").completions == ["unicast-server", "unicast-peer"])
        #expect(system.suggestions(for: "ntp-service unicast-server 10.0.1.31 ip").completions.isEmpty)
        #expect(CommandGrammar.parser(for: .user).suggestions(for: "sys").completions == ["system-view"])
    }
}

@Suite struct InterfaceViewGrammarTests {
    let interface = CommandGrammar.parser(for: .interface("lo-c"))

    @Test func helpListsEachKeywordOnce() {
        let words = interface.suggestions(for: "").completions
        #expect(words.count == Set(words).count)
        #expect(words.contains("ip") && words.contains("ntp-service") && !words.contains("sysname"))
    }

    @Test func systemCommandsAreNotInterfaceCommands() throws {
        #expect(throws: ParseError.self) { try interface.parse("ntp-service unicast-server 10.0.1.31") }
        #expect(try interface.parse("ntp-service broadcast-client")?.command == "broadcast-client")
    }
}
