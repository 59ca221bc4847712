/// Executes discipline actions on a clock. Implementations live outside
/// NTPCore: a virtual disciplined clock that never touches the host, the
/// Linux `clock_adjtime` driver, and recording doubles in tests. The
/// requirements mirror chrony's driver table.
public protocol ClockDriver {
    /// The current frequency correction (dimensionless).
    func readFrequency() -> Double
    mutating func setFrequency(_ frequency: Double)
    /// Start amortizing `offset` seconds of phase, replacing any pending.
    mutating func accrueOffset(_ offset: Double)
    /// Step the clock by `offset` seconds.
    mutating func applyStep(_ offset: Double)
    mutating func setLeap(_ leap: LeapIndicator)
    mutating func setSyncStatus(_ status: ClockSyncStatus)
}

extension ClockDriver {
    /// Runs one discipline action against this driver.
    public mutating func execute(_ action: DisciplineAction) {
        switch action {
        case .slew(let offset, let frequency):
            setFrequency(frequency)
            accrueOffset(offset)
        case .step(let offset):
            applyStep(offset)
        case .setLeap(let leap):
            setLeap(leap)
        case .setStatus(let status):
            setSyncStatus(status)
        }
    }
}
