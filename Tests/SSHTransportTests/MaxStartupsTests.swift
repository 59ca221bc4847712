import SSHTransport
import Testing

@Suite struct MaxStartupsTests {
    @Test func parsesStartRateFull() throws {
        let value = try #require(MaxStartups(parsing: "10:30:100"))
        #expect(value == MaxStartups(start: 10, rate: 30, full: 100))
        #expect(value.description == "10:30:100")
    }

    @Test func singleNumberIsAHardLimit() throws {
        let value = try #require(MaxStartups(parsing: "50"))
        #expect(value.start == 50 && value.full == 50)
        #expect(value.dropPercent(unauthenticated: 49) == 0)
        #expect(value.dropPercent(unauthenticated: 50) == 100)
    }

    @Test(arguments: ["", "10:30", "a:b:c", "10:0:100", "10:101:100", "100:30:10", "0:30:10", "10:30:100:5", "-1", "10::100", "１0:30:100"])
    func rejectsWhatSshdRejects(_ text: String) {
        #expect(MaxStartups(parsing: text) == nil)
    }

    @Test func dropChanceRisesLinearlyFromRateToCertainty() throws {
        let value = try #require(MaxStartups(start: 10, rate: 30, full: 100))
        #expect(value.dropPercent(unauthenticated: 0) == 0)
        #expect(value.dropPercent(unauthenticated: 9) == 0)
        #expect(value.dropPercent(unauthenticated: 10) == 30)
        #expect(value.dropPercent(unauthenticated: 55) == 65)
        #expect(value.dropPercent(unauthenticated: 99) == 99)
        #expect(value.dropPercent(unauthenticated: 100) == 100)
        #expect(value.dropPercent(unauthenticated: 1000) == 100)
    }

    @Test func defaultStartsDropAboveFourSourcesAtTheirLimit() {
        #expect(MaxStartups.default == MaxStartups(start: 32, rate: 30, full: 128))
        #expect(SSHServerConfiguration.defaultPerSourceMaxStartups * 4 == MaxStartups.default.start)
    }
}
