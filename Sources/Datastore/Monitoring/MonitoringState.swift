/// What `<get>` reports beside the datastores' contents: the capabilities advertised
/// (ietf-netconf-monitoring), when each lock was taken, and the sources of state data.
struct MonitoringState {
    var advertisedCapabilities: [String] = []
    var stateSources: [any StateSource] = []
    /// When each datastore's lock was taken (yang:date-and-time).
    var lockTimes: [DatastoreName: String] = [:]
}
