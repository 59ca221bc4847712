public import Datastore
public import NetconfModel
public import NTPEngine
import NTPYangBinding

/// The meridian-ntp RPCs, ready to be registered with the NETCONF server.
public enum NTPOperations {
    public static let namespace = "urn:meridian:params:xml:ns:yang:meridian-ntp"

    /// `mntp:plan`: what committing the candidate would change in the engine.
    public static func plan(_ datastores: DatastoreService, portOverride: UInt16?) async -> RPCReplyContent {
        let (running, candidate) = await datastores.configurationNodes()
        let old = EngineConfiguration(NTPConfiguration(running), portOverride: portOverride)
        let new = EngineConfiguration(NTPConfiguration(candidate), portOverride: portOverride)
        let xml = ReconcilePlan.between(old, new).outputXML
        return xml.isEmpty ? .ok : .output(xml)
    }

    /// `mntp:reset-statistics`.
    public static func resetStatistics(_ engine: NTPEngine) async -> RPCReplyContent {
        await engine.resetStatistics()
        return .ok
    }
}
