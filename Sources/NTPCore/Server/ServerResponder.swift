/// Builds mode-4 replies to mode-3 requests (RFC 5905 A.5.3,
/// `fast_xmit()`), as pure functions over the served system variables.
public enum ServerResponder {
    /// The reply to a client request, or `nil` when `request` is not one.
    ///
    /// `transmitTimestamp` is read last, so the transmit time is taken as
    /// late as the pure code allows; an engine may overwrite it again at
    /// send time.
    public static func reply(
        to request: NTPPacket,
        receivedAt: NTPTimestamp,
        served: SystemVariables,
        transmitTimestamp: () -> NTPTimestamp
    ) -> NTPPacket? {
        guard request.mode == .client else { return nil }
        let synchronized = served.isSynchronized
        var reply = NTPPacket(
            leap: synchronized ? served.leap : .unsynchronized,
            version: request.version,
            mode: .server,
            stratum: synchronized ? served.stratum : ProtocolConstants.unsynchronizedStratum,
            poll: request.poll,
            precision: served.precision,
            rootDelay: NTPShortFormat(seconds: served.rootDelay),
            rootDispersion: NTPShortFormat(seconds: served.rootDispersion),
            referenceID: served.referenceID,
            referenceTimestamp: served.referenceTime,
            originTimestamp: request.transmitTimestamp,
            receiveTimestamp: receivedAt
        )
        reply.transmitTimestamp = transmitTimestamp()
        return reply
    }

    /// A RATE Kiss-o'-Death for a client request (RFC 5905 §7.4): leap 3,
    /// stratum 0, and no time: every timestamp echoes the client's.
    public static func rateKiss(to request: NTPPacket, minimumPoll: Int8) -> NTPPacket {
        NTPPacket(
            leap: .unsynchronized,
            version: request.version,
            mode: .server,
            stratum: 0,
            poll: max(request.poll, minimumPoll),
            referenceID: KissCode.rate.referenceID,
            originTimestamp: request.transmitTimestamp,
            receiveTimestamp: request.transmitTimestamp,
            transmitTimestamp: request.transmitTimestamp
        )
    }
}
