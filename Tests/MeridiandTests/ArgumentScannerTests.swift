import Testing
@testable import meridiand

@Suite struct ArgumentScannerTests {
    let spec = CommandSpec(
        path: ["demo"], abstract: "A command to scan.",
        options: [
            .single("dir", "DIR", help: "A directory."),
            .single("count", "N", default: "3", help: "A count."),
            .repeatable("listen", "ADDR", help: "An address."),
            .flag("quiet", help: "Say less."),
        ],
        positionals: [PositionalSpec(name: "NAME", help: "A name.")])

    func scan(_ arguments: String...) throws(UsageError) -> ParsedArguments {
        try ArgumentScanner.scan(arguments, for: spec)
    }

    @Test func valueFollowsTheOptionOrItsEqualsSign() throws {
        #expect(try scan("--dir", "/a", "n").optionalValue(of: "dir") == "/a")
        #expect(try scan("--dir=/b", "n").optionalValue(of: "dir") == "/b")
        #expect(try scan("--dir=a=b", "n").optionalValue(of: "dir") == "a=b")
        #expect(try scan("--dir=", "n").optionalValue(of: "dir") == "")
    }

    @Test func aSingleValuedOptionGivenTwiceKeepsTheLast() throws {
        #expect(try scan("--dir", "/a", "--dir=/b", "n").optionalValue(of: "dir") == "/b")
    }

    @Test func repeatableOptionKeepsEveryValueInOrder() throws {
        let parsed = try scan("--listen", "a", "n", "--listen=b", "--listen", "c")
        #expect(try parsed.values(of: "listen") == ["a", "b", "c"])
    }

    @Test func flagIsSetOnlyWhenGiven() throws {
        #expect(try scan("n", "--quiet").isSet("quiet"))
        #expect(try !scan("n").isSet("quiet"))
        #expect(throws: UsageError("--quiet takes no value")) { try scan("n", "--quiet=yes") }
    }

    @Test func optionsMayComeBeforeOrAfterThePositional() throws {
        #expect(try scan("--dir", "/a", "n").positional("NAME") == "n")
        #expect(try scan("n", "--dir", "/a").positional("NAME") == "n")
    }

    @Test func unknownOptionsAreRejectedByName() {
        #expect(throws: UsageError("unknown option '--nope'")) { try scan("n", "--nope") }
        #expect(throws: UsageError("unknown option '--nope'")) { try scan("n", "--nope=1") }
        #expect(throws: UsageError("unknown option '-x'")) { try scan("n", "-x") }
    }

    @Test func missingValueAtTheEndOrBeforeAnotherOption() {
        #expect(throws: UsageError("missing value for --dir DIR")) { try scan("n", "--dir") }
        #expect(throws: UsageError("missing value for --dir DIR")) { try scan("--dir", "--quiet", "n") }
        #expect(throws: UsageError("missing value for --dir DIR")) { try scan("--dir", "--", "n") }
    }

    @Test func aNegativeNumberIsAValueNotAnOption() throws {
        #expect(try scan("--count", "-1", "n").value(of: "count", as: Int.self) == -1)
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try scan("--quiet", "--", "--dir")
        #expect(parsed.positional("NAME") == "--dir")
        #expect(try parsed.optionalValue(of: "dir", as: String.self) == nil)
        #expect(try scan("--", "-n").positional("NAME") == "-n")
    }

    @Test func positionalsMustAllBeGivenAndNoMore() {
        #expect(throws: UsageError("missing argument NAME")) { try scan("--quiet") }
        #expect(throws: UsageError("unexpected argument 'm'")) { try scan("n", "m") }
        #expect(throws: UsageError("unexpected argument '--quiet'")) { try scan("n", "--", "--quiet") }
    }

    @Test func aDefaultStandsInUntilAValueIsGiven() throws {
        #expect(try scan("n").value(of: "count", as: Int.self) == 3)
        #expect(try scan("n", "--count", "7").value(of: "count", as: Int.self) == 7)
        #expect(try scan("n").values(of: "listen", as: String.self).isEmpty)
        #expect(throws: UsageError("missing option --dir DIR")) { try scan("n").value(of: "dir", as: String.self) }
    }

    @Test func numbersAreCheckedAgainstTheirType() throws {
        #expect(throws: UsageError("invalid value 'three' for --count: expected an integer")) {
            try scan("n", "--count", "three").value(of: "count", as: Int.self)
        }
        #expect(throws: UsageError("invalid value '70000' for --count: expected an integer from 0 to 65535")) {
            try scan("n", "--count", "70000").value(of: "count", as: UInt16.self)
        }
        #expect(throws: UsageError("invalid value '200' for --count: expected an integer from -128 to 127")) {
            try scan("n", "--count", "200").value(of: "count", as: Int8.self)
        }
        #expect(throws: UsageError("invalid value ' 5' for --count: expected an integer")) {
            try scan("n", "--count", " 5").value(of: "count", as: Int.self)
        }
        #expect(try scan("n", "--count", "65535").value(of: "count", as: UInt16.self) == 65535)
    }
}
