/// The clock discipline's states (RFC 5905 A.5.5.6). Each is a real state
/// of the loop, not an event code.
public enum DisciplineState: Hashable, Sendable {
    /// NSET: no offset and no frequency yet. The first offset is remembered
    /// and the frequency is then measured over the stepout interval.
    case unset
    /// FSET: the frequency is known (from a drift file); the first update
    /// corrects the phase at once.
    case frequencySet
    /// SPIK: an outlier arrived while synchronized; outliers are ignored
    /// until the stepout interval passes or an inlier returns.
    case spike
    /// FREQ: measuring the frequency directly; updates are ignored until
    /// the stepout interval has passed.
    case frequencyMeasure
    /// SYNC: normal operation, PLL/FLL tracking.
    case sync
}
