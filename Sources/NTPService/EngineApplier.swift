public import Datastore
import NetconfModel
import XMLSupport
public import NTPEngine
import NTPYangBinding

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

    /// The engine plans from the configuration it runs (``ReconcilePlanner``), so only the
    /// new one is needed.
    public func prepare(_ new: ValidatedConfiguration) async throws(ApplyFailure) -> PreparedChange {
        let ntp = NTPConfiguration.of(new)
        let prepared: PreparedConfiguration
        do {
            prepared = try await engine.prepare(EngineConfiguration(ntp, portOverride: portOverride))
        } catch {
            throw ApplyFailure([Self.rpcError(for: error, in: ntp)])
        }
        let engine = engine
        return PreparedChange(
            apply: {
                let applying = engine.startApply(prepared)
                return AppliedChange { await applying.wait() }
            },
            abort: { await engine.abort(prepared) },
            steps: prepared.steps.map { ConfigStep(action: $0.action.rawValue, target: $0.target, detail: $0.detail) })
    }
}
