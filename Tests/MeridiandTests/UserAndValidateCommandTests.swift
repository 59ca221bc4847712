import Testing
@testable import meridiand

@Suite struct UserAndValidateCommandTests {
    @Test func userAddTakesAPasswordOrKeys() throws {
        let add = try command(UserCommand.Add.self, "erin", "--state-dir", "/s", "--authorized-key", "a.pub", "--authorized-key=b.pub")
        #expect(add.name == "erin" && add.stateDir == "/s" && !add.passwordStdin && add.authorizedKeys == ["a.pub", "b.pub"])
        let withPassword = try command(UserCommand.Add.self, "--password-stdin", "--state-dir=/s", "erin")
        #expect(withPassword.name == "erin" && withPassword.passwordStdin && withPassword.authorizedKeys.isEmpty)
    }

    @Test func userAddNeedsAPasswordOrAKey() {
        #expect(throws: UsageError("give --password-stdin or --authorized-key FILE")) {
            try command(UserCommand.Add.self, "erin", "--state-dir", "/s")
        }
    }

    @Test func userAddRejectsABadName() {
        #expect(throws: UsageError("invalid user name 'bad name!'")) {
            try command(UserCommand.Add.self, "bad name!", "--password-stdin")
        }
        #expect(throws: UsageError("invalid user name '-bob'")) {
            try command(UserCommand.Add.self, "--password-stdin", "--", "-bob")
        }
    }

    @Test func userRemoveTakesOnlyTheName() throws {
        let remove = try command(UserCommand.Remove.self, "dave", "--state-dir", "/s")
        #expect(remove.name == "dave" && remove.stateDir == "/s")
        #expect(throws: UsageError("unknown option '--password-stdin'")) {
            try command(UserCommand.Remove.self, "dave", "--password-stdin")
        }
        #expect(throws: UsageError("missing argument NAME")) { try command(UserCommand.Remove.self, "--state-dir", "/s") }
    }

    @Test func validateTakesOneFileAndYangDirectories() throws {
        let validate = try command(ValidateCommand.self, "--yang-dir", "/a", "c.xml", "--yang-dir=/b", "--state-dir", "/s")
        #expect(validate.file == "c.xml" && validate.yangDirectories == ["/a", "/b"] && validate.stateDir == "/s")
        #expect(throws: UsageError("unexpected argument 'd.xml'")) { try command(ValidateCommand.self, "c.xml", "d.xml") }
        #expect(throws: UsageError("missing argument FILE")) { try command(ValidateCommand.self, "--state-dir", "/s") }
    }
}
