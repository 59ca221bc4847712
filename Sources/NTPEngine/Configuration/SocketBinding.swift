/// What one UDP socket is bound to: local address (the wildcard for "any"),
/// port, and an optional device. Two equal bindings are one socket; a
/// configuration change re-binds only the bindings that differ.
public struct SocketBinding: Hashable, Sendable {
    public var address: IPAddress
    public var port: UInt16
    public var device: String?

    public init(address: IPAddress, port: UInt16, device: String? = nil) {
        self.address = address
        self.port = port
        self.device = device
    }
}

extension SocketBinding: CustomStringConvertible {
    public var description: String {
        let endpoint = NTPEndpoint(address: address, port: port).description
        return device.map { "\(endpoint)%\($0)" } ?? endpoint
    }
}
