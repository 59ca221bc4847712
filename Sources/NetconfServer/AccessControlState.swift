public import AccessControl
public import Datastore

/// The ietf-netconf-acm counters (`/nacm/denied-operations`, `denied-data-writes`,
/// `denied-notifications`) for `<get>`.
public struct AccessControlState: StateSource {
    static let namespace = "urn:ietf:params:xml:ns:yang:ietf-netconf-acm"
    let access: AccessControl

    public init(access: AccessControl) { self.access = access }

    public func stateXML() async -> String {
        "<nacm xmlns=\"\(Self.namespace)\"><denied-operations>\(access.deniedOperations)</denied-operations>"
            + "<denied-data-writes>\(access.deniedDataWrites)</denied-data-writes>"
            + "<denied-notifications>\(access.deniedNotifications)</denied-notifications></nacm>"
    }

    public var topLevelElements: [(name: String, namespace: String)] { [("nacm", Self.namespace)] }
}
