/// The local clock configured as a time source of its own (the vendor
/// guides' `refclock-master N`): when nothing better synchronizes this host,
/// it serves its own clock at stratum N.
public struct ReferenceClockMaster: Hashable, Sendable {
    /// The stratum served, 1 to 15.
    public var stratum: UInt8
    /// Reference ID announced for the local clock.
    public var referenceID: ReferenceID

    public init(stratum: UInt8, referenceID: ReferenceID = ReferenceID(ascii: "LOCL")) {
        self.stratum = min(max(stratum, 1), ProtocolConstants.unsynchronizedStratum - 1)
        self.referenceID = referenceID
    }
}

/// Decides what this host claims about its clock when it serves time.
public enum ServedClock {
    /// The variables to serve:
    /// - synchronized to a source at least as good as the refclock-master
    ///   stratum: the system variables;
    /// - otherwise, with a refclock-master: stratum N, leap 0, the local
    ///   clock's reference ID, zero root delay and dispersion;
    /// - otherwise: leap 3, stratum 16.
    public static func variables(
        system: SystemVariables,
        refclockMaster: ReferenceClockMaster?,
        now: NTPTimestamp
    ) -> SystemVariables {
        if system.isSynchronized, system.stratum <= refclockMaster?.stratum ?? .max {
            return system
        }
        if let master = refclockMaster {
            return SystemVariables(
                leap: .noWarning, stratum: master.stratum, precision: system.precision,
                referenceID: master.referenceID, referenceTime: now, pollExponent: system.pollExponent
            )
        }
        var unsynchronized = system
        unsynchronized.leap = .unsynchronized
        unsynchronized.stratum = ProtocolConstants.unsynchronizedStratum
        return unsynchronized
    }
}
