import AccessControl
import Datastore
import Synchronization

/// Puts each committed `/nacm` in force with the configuration it belongs to: after `inner`
/// (the NTP engine) prepared the commit, apply switches both; an aborted commit leaves the
/// policy as it was. The policy is compiled at prepare, once per commit, and only replaces
/// the one in force when `/nacm` changed.
struct AccessControlApplier: ConfigApplier {
    let inner: any ConfigApplier
    let access: AccessControl

    func prepare(_ new: ValidatedConfiguration) async throws(ApplyFailure) -> PreparedChange {
        let configuration = NACMConfiguration(topLevel: new.nodes)
        let innerChange = try await inner.prepare(new)
        let steps = innerChange.steps
        let prepared = PreparedBox(innerChange)
        let access = access
        return PreparedChange(
            apply: {
                access.install(configuration)
                return prepared.take().apply()
            },
            abort: { await prepared.take().abort() },
            steps: steps)
    }
}

/// Holds the inner change until exactly one of apply or abort takes it.
private final class PreparedBox: Sendable {
    private let change: Mutex<PreparedChange?>

    init(_ change: consuming PreparedChange) { self.change = Mutex(change) }

    func take() -> PreparedChange {
        change.withLock { held -> PreparedChange in
            guard let taken = held.take() else { preconditionFailure("a prepared change was applied or aborted twice") }
            return taken
        }
    }
}
