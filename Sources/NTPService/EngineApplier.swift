public import Datastore
import NetconfModel
import XMLSupport
public import NTPEngine
import NTPYangBinding
public import YangData

/// Drives the NTP engine from committed configuration: prepare builds the engine
/// configuration and binds its sockets (may fail, releasing everything); apply switches
/// the engine over (cannot fail); abort releases what prepare bound.
public struct EngineApplier: ConfigApplier {
    let engine: NTPEngine
    let portOverride: UInt16?

    public init(engine: NTPEngine, portOverride: UInt16?) {
        self.engine = engine
        self.portOverride = portOverride
    }

    public func prepare(from old: [DataNode], to new: [DataNode]) async throws(ApplyFailure) -> any PreparedChange {
        let ntp = NTPConfiguration(new)
        do {
            let prepared = try await engine.prepare(EngineConfiguration(ntp, portOverride: portOverride))
            return Change(engine: engine, prepared: prepared)
        } catch {
            let appTag = error.code == .bindFailed ? "address-not-bindable" : "engine-refused"
            throw ApplyFailure([.operationFailed(
                "the NTP engine cannot apply this configuration: \(error.message)", path: "/ietf-system:system/ntp",
                pathNamespaces: ErrorPaths.declarations(for: "/ietf-system:system/ntp"), appTag: appTag)])
        }
    }

    struct Change: PreparedChange {
        let engine: NTPEngine
        let prepared: PreparedConfiguration
        func apply() async { await engine.apply(prepared) }
        func abort() async { await engine.abort(prepared) }
    }
}

/// Namespace declarations for the module prefixes of Meridian's error paths.
enum ErrorPaths {
    static let modules = [
        ("ietf-system", "urn:ietf:params:xml:ns:yang:ietf-system"),
        ("ietf-interfaces", "urn:ietf:params:xml:ns:yang:ietf-interfaces"),
        ("meridian-ntp", "urn:meridian:params:xml:ns:yang:meridian-ntp"),
    ]

    static func declarations(for path: String) -> [XMLNamespaceDeclaration] {
        modules.filter { path.contains($0.0 + ":") }.map { XMLNamespaceDeclaration(prefix: $0.0, uri: $0.1) }
    }
}
