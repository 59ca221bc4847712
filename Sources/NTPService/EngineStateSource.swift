public import Datastore
public import NTPEngine

/// `/system-state/ntp` for `<get>`, read from the engine at each request.
public struct EngineStateSource: StateSource {
    let engine: NTPEngine

    public init(engine: NTPEngine) { self.engine = engine }

    public var topLevelElements: [(name: String, namespace: String)] {
        [("system-state", "urn:ietf:params:xml:ns:yang:ietf-system")]
    }

    public func stateXML() async -> String {
        EngineStateXML.render(await engine.snapshot())
    }
}
