public import NTPCore

/// A datagram the engine received.
public struct IncomingDatagram: Sendable {
    public var bytes: [UInt8]
    public var source: NTPEndpoint
    /// The socket it arrived on.
    public var socket: SocketBinding
    /// The address it was sent to (from packet info), for wildcard sockets.
    public var destination: IPAddress?
    /// Kernel receive time on the host's wall clock (`SO_TIMESTAMPNS`),
    /// when the socket reported one.
    public var kernelTimestamp: NTPTimestamp?

    public init(bytes: [UInt8], source: NTPEndpoint, socket: SocketBinding, destination: IPAddress? = nil, kernelTimestamp: NTPTimestamp? = nil) {
        self.bytes = bytes
        self.source = source
        self.socket = socket
        self.destination = destination
        self.kernelTimestamp = kernelTimestamp
    }
}

/// A datagram the engine wants sent.
public struct OutgoingDatagram: Sendable, Hashable {
    public var bytes: [UInt8]
    public var destination: NTPEndpoint
    public var socket: SocketBinding
    /// Source address to send from on a wildcard socket (the address the
    /// request was sent to), or `nil` to let the kernel choose.
    public var sourceAddress: IPAddress?
    /// An unauthenticated association packet whose transmit timestamp the
    /// sender rewrites just before its own `sendto` (then reports it to this
    /// association), so T1 does not include the time spent in the engine
    /// between building and sending the packet.
    public var restampFor: AssociationID?

    public init(bytes: [UInt8], destination: NTPEndpoint, socket: SocketBinding, sourceAddress: IPAddress? = nil,
                restampFor: AssociationID? = nil) {
        self.bytes = bytes
        self.destination = destination
        self.socket = socket
        self.sourceAddress = sourceAddress
        self.restampFor = restampFor
    }
}
