public import Datastore
public import NetconfModel
public import NTPEngine
import NTPYangBinding

/// The meridian-ntp RPCs, ready to be registered with the NETCONF server.
public enum NTPOperations {
    public static let namespace = "urn:meridian:params:xml:ns:yang:meridian-ntp"

    /// `mntp:plan`: what committing the candidate would change in the engine: the steps of
    /// the planner the engine's prepare runs, from the configuration the engine runs.
    public static func plan(_ datastores: DatastoreService, engine: NTPEngine, portOverride: UInt16?) async -> RPCReplyContent {
        let candidate = NTPConfiguration(await datastores.candidateNodes())
        let xml = await engine.plan(EngineConfiguration(candidate, portOverride: portOverride)).planOutputXML
        return xml.isEmpty ? .ok : .output(xml)
    }

    /// `mntp:reset-statistics`.
    public static func resetStatistics(_ engine: NTPEngine) async -> RPCReplyContent {
        await engine.resetStatistics()
        return .ok
    }
}
