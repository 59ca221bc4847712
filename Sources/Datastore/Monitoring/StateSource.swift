/// Something that contributes operational (`config false`) data to `<get>`: NETCONF
/// sessions and statistics, the NTP engine (#5), OS interfaces.
public protocol StateSource: Sendable {
    /// State data as XML top-level elements, each declaring its namespace.
    func stateXML() async -> String
}
