import Notifications
import Testing

@Suite struct EventTimeTests {
    @Test func rendersRFC3339InUTCWithMicroseconds() {
        #expect(EventTime(unixSeconds: 0).description == "1970-01-01T00:00:00.000000Z")
        #expect(EventTime(unixSeconds: 1_796_684_103.123456).description == "2026-12-07T22:55:03.123456Z")
        #expect(EventTime(unixSeconds: 951_782_400.5).description == "2000-02-29T00:00:00.500000Z")
        #expect(EventTime(unixSeconds: -0.25).description == "1969-12-31T23:59:59.750000Z")
    }

    @Test func parsesDateAndTimeWithOffsetsAndFractions() {
        #expect(EventTime(dateAndTime: "2026-12-07T22:55:03.123456Z") == EventTime(unixSeconds: 1_796_684_103.123456))
        #expect(EventTime(dateAndTime: "2026-12-07T23:55:03+01:00") == EventTime(unixSeconds: 1_796_684_103))
        #expect(EventTime(dateAndTime: "2026-12-07T22:55:03.1234567891-00:30") == EventTime(unixSeconds: 1_796_685_903.123456))
        #expect(EventTime(dateAndTime: "2026-12-07t22:55:03z") != nil)
    }

    @Test func refusesMalformedTimes() {
        for text in ["", "2026-12-07", "2026-12-07T22:55:03", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-12-07T22:55:03.Z",
                     "2026-12-07T24:00:00Z", "2026-12-07T22:55:03+1:00", "2026-12-07T22:55:03Zjunk"] {
            #expect(EventTime(dateAndTime: text) == nil, "\(text)")
        }
    }

    @Test func roundTripsThroughItsRendering() {
        for micros: Int64 in [0, 1, 999_999, 1_796_684_103_123_456, 4_102_444_800_000_000, -86_400_000_001] {
            let time = EventTime(microseconds: micros)
            #expect(EventTime(dateAndTime: time.description) == time)
        }
    }
}
