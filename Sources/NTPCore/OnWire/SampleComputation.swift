/// Computes a ``ClockSample`` from an accepted packet (RFC 5905 §8 and
/// Appendix A.5.1.1, `packet()`). Timestamp differences are taken in 64-bit
/// fixed point first, then converted to `Double`, as the RFC requires.
public enum SampleComputation {
    /// Client and symmetric modes: T1 origin, T2 receive, T3 transmit, T4
    /// local arrival.
    ///
    ///     θ = ((T2 − T1) + (T3 − T4)) / 2
    ///     δ = max((T4 − T1) − (T3 − T2), ρ_local)
    ///     ε = ρ_peer + ρ_local + Φ·(T4 − T1)
    ///
    /// `departure`, when known, is T1 as the kernel stamped the request leaving the host
    /// (it replaces the origin timestamp, which was read before the send system call).
    public static func exchange(
        _ packet: NTPPacket,
        receivedAt arrival: LocalTimestamp,
        systemPrecision: Int8,
        departure: NTPTimestamp? = nil
    ) -> ClockSample {
        let t1 = departure ?? packet.originTimestamp, t2 = packet.receiveTimestamp
        let t3 = packet.transmitTimestamp, t4 = arrival.wall
        let localPrecision = ProtocolConstants.seconds(log2: systemPrecision)
        let roundTrip = (t4 - t1).seconds
        return ClockSample(
            offset: ((t2 - t1).seconds + (t3 - t4).seconds) / 2,
            delay: max(roundTrip - (t3 - t2).seconds, localPrecision),
            dispersion: ProtocolConstants.seconds(log2: packet.precision) + localPrecision
                + ProtocolConstants.frequencyTolerance * max(roundTrip, 0),
            time: arrival.monotonic
        )
    }

    /// Broadcast mode: only T3 and T4 exist, so the round-trip delay is a
    /// configured or calibrated value and half of it is the one-way delay.
    ///
    ///     θ = (T3 − T4) + δ_b / 2
    ///     δ = δ_b
    ///     ε = ρ_peer + ρ_local + 2·Φ·δ_b
    public static func broadcast(
        _ packet: NTPPacket,
        receivedAt arrival: LocalTimestamp,
        systemPrecision: Int8,
        broadcastDelay: Double
    ) -> ClockSample {
        ClockSample(
            offset: (packet.transmitTimestamp - arrival.wall).seconds + broadcastDelay / 2,
            delay: broadcastDelay,
            dispersion: ProtocolConstants.seconds(log2: packet.precision)
                + ProtocolConstants.seconds(log2: systemPrecision)
                + 2 * ProtocolConstants.frequencyTolerance * broadcastDelay,
            time: arrival.monotonic
        )
    }
}
