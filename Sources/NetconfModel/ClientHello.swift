/// What a client announced in its `<hello>`.
public struct ClientHello: Sendable, Equatable {
    /// Capability URIs in the order sent, surrounding whitespace removed.
    public var capabilities: [String]

    public init(capabilities: [String]) {
        self.capabilities = capabilities
    }

    public func supports(_ version: NetconfBaseVersion) -> Bool {
        capabilities.contains(version.capability)
    }
}
