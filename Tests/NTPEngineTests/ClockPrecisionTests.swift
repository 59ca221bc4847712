import NTPEngine
import Testing

@Suite struct ClockPrecisionTests {
    @Test func theSmallestStepRoundedUpToAPowerOfTwo() {
        #expect(ClockPrecision.exponent(ofSteps: [0, 0, 40, 25, 70]) == -25, "25 ns: 2^-26 < 25 ns <= 2^-25")
        #expect(ClockPrecision.exponent(ofSteps: [953]) == -20, "2^-20 s is 953.7 ns")
        #expect(ClockPrecision.exponent(ofSteps: [1]) == -29, "1 ns rounds up to 2^-29 s (1.86 ns)")
        #expect(ClockPrecision.exponent(ofSteps: [5_000_000]) == -10, "kept within the announced range")
        #expect(ClockPrecision.exponent(ofSteps: [0, 0, -3]) == nil, "a clock that never advanced tells nothing")
    }

    @Test func theHostClockIsMeasuredWithinTheRange() {
        let measured = ClockPrecision.measure()
        #expect(ClockPrecision.range.contains(measured))
        #expect(measured < -20, "a vDSO clock with nanosecond resolution reads well below a microsecond")
    }
}
