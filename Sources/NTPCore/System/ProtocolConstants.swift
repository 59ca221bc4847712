/// Constants of RFC 5905 (§7.2 and Appendix A.1.1), named as the RFC names
/// them in the comments.
public enum ProtocolConstants {
    /// Frequency tolerance, 15 ppm (PHI).
    public static let frequencyTolerance = 15e-6
    /// Maximum dispersion in seconds (MAXDISP).
    public static let maximumDispersion = 16.0
    /// Minimum dispersion increment in seconds (MINDISP).
    public static let minimumDispersion = 0.005
    /// Distance threshold for a selectable source in seconds (MAXDIST).
    public static let maximumDistance = 1.5
    /// Unsynchronized stratum (MAXSTRAT).
    public static let unsynchronizedStratum: UInt8 = 16
    /// Smallest and largest poll exponents the protocol allows.
    public static let minimumPollExponent: Int8 = 4
    public static let maximumPollExponent: Int8 = 17
    /// Spike gate for the popcorn spike suppressor (SGATE).
    public static let spikeGate = 3.0
    /// Unreach counter threshold before the poll interval backs off (UNREACH).
    public static let unreachThreshold = 12

    /// 2^exponent seconds, exactly, without Foundation's `pow`.
    public static func seconds(log2 exponent: Int8) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}
