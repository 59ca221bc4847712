/// How a pending phase correction is paid out over time (RFC 5905 A.5.6,
/// `clock_adjust()`): each second, 1/(PLL·min(2^poll, ALLAN)) of what
/// remains. Pure, so a virtual clock and tests share one rule.
public struct PhaseAmortizer: Hashable, Sendable {
    /// Phase still to be corrected, in seconds.
    public private(set) var pending: Double = 0
    public var parameters: DisciplineParameters

    public init(parameters: DisciplineParameters = DisciplineParameters()) {
        self.parameters = parameters
    }

    /// Replaces the pending correction (a new slew).
    public mutating func start(_ offset: Double) {
        pending = offset
    }

    /// Advances `seconds` (whole seconds, as the RFC's once-a-second
    /// routine) and returns the phase corrected in that time.
    public mutating func advance(seconds: Int, pollExponent: Int8) -> Double {
        // At most everything in one second (laboratory polls correct
        // within half a poll).
        let divisor = max(parameters.phaseTimeConstant(pollExponent: pollExponent), 1)
        var corrected = 0.0
        for _ in 0..<max(seconds, 0) {
            let step = pending / divisor
            pending -= step
            corrected += step
        }
        return corrected
    }
}
