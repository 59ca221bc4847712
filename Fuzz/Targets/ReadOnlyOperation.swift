import Datastore
import NetconfModel
import NetconfServer
import XMLSupport

/// The parsed operations of the rpc target that change nothing (`<get>`, `<get-config>`,
/// `<validate>`), run on the edit-config target's datastores, so filters (subtree and libyang
/// XPath), with-defaults and inline configurations reach the code that reads them, and their
/// replies go back through the session (which checks them).
enum ReadOnlyOperation {
    static func reply(to operation: DatastoreOperation) -> RPCReplyContent? {
        let world = EditConfigWorld.shared
        let service = world.service
        switch operation {
        case .get(let filter, let withDefaults):
            checkSubtreeFilter(filter, on: world.runningElements)
            return blockingAwait { await service.get(filter: filter, withDefaults: withDefaults) }
        case .getConfig(let source, let filter, let withDefaults):
            checkSubtreeFilter(filter, on: world.runningElements)
            return blockingAwait { await service.getConfig(source, filter: filter, withDefaults: withDefaults) }
        case .validate(let source):
            return blockingAwait { await service.validate(source) }
        default:
            return nil
        }
    }

    /// A subtree filter (RFC 6241 §6) applied to what it selected selects it all again.
    static func checkSubtreeFilter(_ filter: RetrievalFilter?, on data: [XMLElement]) {
        guard case .subtree(let subtree)? = filter else { return }
        let selected = subtree.apply(to: data)
        let again = subtree.apply(to: selected)
        invariant(again == selected, .rpc, "subtree filter \(subtree.roots) selects \(selected), then from that \(again)")
    }
}
