import Glibc
import Testing
@testable import meridiand

@Suite struct RunCommandTests {
    @Test func withoutOptionsTheDocumentedDefaultsApply() throws {
        let run = try command(RunCommand.self)
        #expect(run.stateDir == nil)
        #expect(run.listen == ["127.0.0.1:830"])
        #expect(run.logLevel == "info")
        #expect(run.maxSessions == 1024)
        #expect(run.idleTimeout == 3600)
        #expect(run.loginGraceTime == 30)
        #expect(run.maxAuthTries == 6)
        #expect(run.maxMessageSize == 16 << 20)
        #expect(run.yangDirectories.isEmpty)
        #expect(run.ntpPort == nil)
        #expect(run.clock == "virtual")
        #expect(run.ntpBroadcastPoll == nil)
        #expect(run.initialConfig == nil)
    }

    @Test func everyOptionReachesItsField() throws {
        let run = try command(
            RunCommand.self, "--state-dir", "/s", "--netconf-listen", "127.0.0.1:1830", "--netconf-listen=[::1]:830",
            "--log-level", "warning", "--max-sessions", "300", "--idle-timeout", "0", "--login-grace-time=5",
            "--max-auth-tries", "2", "--max-message-size", "4096", "--yang-dir", "/y1", "--yang-dir", "/y2",
            "--ntp-port", "10123", "--clock", "virtual", "--ntp-broadcast-poll", "-1", "--initial-config", "i.xml")
        #expect(run.stateDir == "/s")
        #expect(run.listen == ["127.0.0.1:1830", "[::1]:830"])
        #expect(run.logLevel == "warning")
        #expect(run.maxSessions == 300)
        #expect(run.idleTimeout == 0)
        #expect(run.loginGraceTime == 5)
        #expect(run.maxAuthTries == 2)
        #expect(run.maxMessageSize == 4096)
        #expect(run.yangDirectories == ["/y1", "/y2"])
        #expect(run.ntpPort == 10123)
        #expect(run.ntpBroadcastPoll == -1)
        #expect(run.initialConfig == "i.xml")
    }

    @Test func numbersOutOfTheirTypeAreRejected() {
        #expect(throws: UsageError("invalid value '70000' for --ntp-port: expected an integer from 0 to 65535")) {
            try command(RunCommand.self, "--ntp-port", "70000")
        }
        #expect(throws: UsageError("invalid value '200' for --ntp-broadcast-poll: expected an integer from -128 to 127")) {
            try command(RunCommand.self, "--ntp-broadcast-poll", "200")
        }
        #expect(throws: UsageError("invalid value 'zero' for --max-sessions: expected an integer")) {
            try command(RunCommand.self, "--max-sessions", "zero")
        }
    }

    @Test(arguments: [
        (["--netconf-listen", "not-an-address"], "--netconf-listen 'not-an-address' is not ADDR:PORT or [IPV6]:PORT"),
        (["--netconf-listen", "127.0.0.1:0"], "--netconf-listen '127.0.0.1:0' is not ADDR:PORT or [IPV6]:PORT"),
        (["--log-level", "critical"], "--log-level must be one of trace, debug, info, notice, warning, error"),
        (["--log-level", "loud"], "--log-level must be one of trace, debug, info, notice, warning, error"),
        (["--clock", "sundial"], "--clock must be virtual or system"),
        (["--max-sessions", "0"], "--max-sessions must be positive"),
        (["--idle-timeout", "-1"], "--idle-timeout must not be negative"),
        (["--login-grace-time", "0"], "--login-grace-time must be positive"),
        (["--max-auth-tries", "0"], "--max-auth-tries must be positive"),
        (["--max-message-size", "4095"], "--max-message-size must be at least 4096"),
    ])
    func validationRejects(arguments: [String], message: String) {
        #expect(throws: UsageError(message)) {
            try RunCommand(parsing: ArgumentScanner.scan(arguments, for: RunCommand.spec)).validate()
        }
    }

    @Test func systemClockNeedsRoot() throws {
        if getuid() == 0 {
            #expect(try command(RunCommand.self, "--clock", "system").clock == "system")
        } else {
            #expect(throws: UsageError("--clock system needs root (it disciplines the host clock with clock_adjtime)")) {
                try command(RunCommand.self, "--clock", "system")
            }
        }
    }
}
