/// The server's allocation-free path for the common request: a plain
/// 48-byte NTPv1–4 mode-3 packet (no extension field, no MAC), answered by
/// writing the mode-4 reply straight into a send buffer, reading only the
/// request's first byte, poll and transmit timestamp.
///
/// The bytes are those ``ServerResponder/reply(to:receivedAt:served:transmitTimestamp:)``
/// and ``ServerResponder/rateKiss(to:minimumPoll:)`` serialize to (the
/// tests compare them); anything else — other lengths, modes or versions,
/// MACs, extension fields — is left to parsing and the general path.
public enum InPlaceResponder {
    /// The only request length answered here, and the reply's length.
    public static let length = NTPPacket.headerLength
    static let transmitOffset = 40

    /// The reply fields that do not depend on the request, encoded once
    /// for a batch of requests.
    public struct ServedHeader: Hashable, Sendable {
        var leapBits: UInt8
        var stratum: UInt8
        var precision: UInt8
        var rootDelay: UInt32
        var rootDispersion: UInt32
        var referenceID: UInt32
        var referenceTime: UInt64

        /// What ``ServerResponder`` serves: the variables when synchronized,
        /// leap 3 and stratum 16 otherwise.
        public init(_ served: SystemVariables) {
            let synchronized = served.isSynchronized
            leapBits = (synchronized ? served.leap : .unsynchronized).rawValue << 6
            stratum = synchronized ? served.stratum : ProtocolConstants.unsynchronizedStratum
            precision = UInt8(bitPattern: served.precision)
            rootDelay = NTPShortFormat(seconds: served.rootDelay).rawValue
            rootDispersion = NTPShortFormat(seconds: served.rootDispersion).rawValue
            referenceID = served.referenceID.rawValue
            referenceTime = served.referenceTime.rawValue
        }
    }

    /// Whether `request` is a plain client request this path answers.
    public static func isPlainClientRequest(_ request: UnsafeRawBufferPointer) -> Bool {
        guard request.count == length else { return false }
        let first = request[0]
        return first & 0x7 == NTPMode.client.rawValue && NTPPacket.supportedVersions.contains((first >> 3) & 0x7)
    }

    /// Writes the reply to a plain client request (check with
    /// ``isPlainClientRequest(_:)`` first) into the first 48 bytes of
    /// `reply`, with a zero transmit timestamp: set it with
    /// ``stampTransmit(_:into:)`` just before the reply is sent.
    public static func writeReply(
        to request: UnsafeRawBufferPointer, header: ServedHeader, receivedAt: NTPTimestamp,
        into reply: UnsafeMutableRawBufferPointer
    ) {
        precondition(request.count >= length && reply.count >= length)
        reply[0] = header.leapBits | (request[0] & 0x38) | NTPMode.server.rawValue
        reply[1] = header.stratum
        reply[2] = request[2]  // poll
        reply[3] = header.precision
        reply.storeBytes(of: header.rootDelay.bigEndian, toByteOffset: 4, as: UInt32.self)
        reply.storeBytes(of: header.rootDispersion.bigEndian, toByteOffset: 8, as: UInt32.self)
        reply.storeBytes(of: header.referenceID.bigEndian, toByteOffset: 12, as: UInt32.self)
        reply.storeBytes(of: header.referenceTime.bigEndian, toByteOffset: 16, as: UInt64.self)
        copyTransmit(of: request, to: 24, in: reply)  // origin = the request's transmit
        reply.storeBytes(of: receivedAt.rawValue.bigEndian, toByteOffset: 32, as: UInt64.self)
        reply.storeBytes(of: UInt64(0), toByteOffset: transmitOffset, as: UInt64.self)
    }

    /// Writes a RATE Kiss-o'-Death (leap 3, stratum 0, every timestamp the
    /// client's own, poll at least `minimumPoll`): complete, not stamped.
    public static func writeRateKiss(
        to request: UnsafeRawBufferPointer, minimumPoll: Int8, into reply: UnsafeMutableRawBufferPointer
    ) {
        precondition(request.count >= length && reply.count >= length)
        reply[0] = LeapIndicator.unsynchronized.rawValue << 6 | (request[0] & 0x38) | NTPMode.server.rawValue
        reply[1] = 0
        reply[2] = UInt8(bitPattern: max(Int8(bitPattern: request[2]), minimumPoll))
        reply[3] = 0
        reply.storeBytes(of: UInt64(0), toByteOffset: 4, as: UInt64.self)
        reply.storeBytes(of: KissCode.rate.referenceID.rawValue.bigEndian, toByteOffset: 12, as: UInt32.self)
        reply.storeBytes(of: UInt64(0), toByteOffset: 16, as: UInt64.self)
        copyTransmit(of: request, to: 24, in: reply)
        copyTransmit(of: request, to: 32, in: reply)
        copyTransmit(of: request, to: 40, in: reply)
    }

    /// Sets the transmit timestamp of a reply written by
    /// ``writeReply(to:header:receivedAt:into:)``.
    public static func stampTransmit(_ timestamp: NTPTimestamp, into reply: UnsafeMutableRawBufferPointer) {
        reply.storeBytes(of: timestamp.rawValue.bigEndian, toByteOffset: transmitOffset, as: UInt64.self)
    }

    private static func copyTransmit(of request: UnsafeRawBufferPointer, to offset: Int, in reply: UnsafeMutableRawBufferPointer) {
        reply.storeBytes(of: request.loadUnaligned(fromByteOffset: transmitOffset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
    }
}
