public import YangData
import Synchronization

/// A configuration that passed YANG validation, as the nodes configured (absent leaves
/// take their defaults where read): the only input of the semantic rules
/// (``ConfigValidator``) and of the applier (``ConfigApplier``). Only the datastore's
/// validation makes one (its initializer is internal), so a function that takes one
/// needs no check of its own that validation ran.
///
/// The typed views of the configuration (``view(_:read:)``, e.g. the NTP binding's
/// `NTPConfiguration`) are read once per configuration and kept with it: the rules and
/// the applier of one commit share one reading, and running keeps its own.
public struct ValidatedConfiguration: Sendable {
    public let nodes: [DataNode]
    private let views = Views()

    init(validated nodes: [DataNode]) {
        self.nodes = nodes
    }

    /// The empty configuration (running before anything is committed).
    static let empty = ValidatedConfiguration(validated: [])

    /// `read(nodes)`, made at the first call for `View` on this configuration and returned
    /// by the later ones. `read` must be pure: it runs at most once, on any thread.
    public func view<View: Sendable>(_ type: View.Type = View.self, read: ([DataNode]) -> View) -> View {
        let key = ObjectIdentifier(View.self)
        if let kept = views.kept.withLock({ $0[key] }) as? View { return kept }
        let made = read(nodes)
        return views.kept.withLock { kept in
            if let first = kept[key] as? View { return first }
            kept[key] = made
            return made
        }
    }

    private final class Views: Sendable {
        let kept = Mutex<[ObjectIdentifier: any Sendable]>([:])
    }
}
