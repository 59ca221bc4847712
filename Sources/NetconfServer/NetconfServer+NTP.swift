public import NTPEngine
import NetconfModel

extension NetconfServer {
    static let ntpNamespace = "urn:meridian:params:xml:ns:yang:meridian-ntp"

    /// meridian-ntp RPCs: reset-statistics.
    public func serveNTP(engine: NTPEngine) {
        register(OperationKey(namespace: Self.ntpNamespace, name: "reset-statistics"), .task({ _, _ in
            await engine.resetStatistics()
            return .ok
        }))
    }
}
