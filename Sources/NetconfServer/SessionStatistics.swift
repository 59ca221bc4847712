import NetconfProtocol

/// Counters summed over sessions for `/netconf-state/statistics`.
struct SessionStatistics {
    var sessions: UInt32 = 0
    var dropped: UInt32 = 0
    var badHellos: UInt32 = 0
    var inRPCs: UInt32 = 0
    var inBadRPCs: UInt32 = 0
    var outRPCErrors: UInt32 = 0
    var outNotifications: UInt32 = 0

    mutating func add(_ counters: SessionCounters) {
        inRPCs &+= counters.inRPCs
        inBadRPCs &+= counters.inBadRPCs
        outRPCErrors &+= counters.outRPCErrors
        outNotifications &+= counters.outNotifications
    }
}
