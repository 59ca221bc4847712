import Datastore
import NetconfModel
import Notifications
import XMLSupport
import YangData

/// A subscription's filter (RFC 5277 §3.6): an event is sent when the filter, applied to its
/// content, selects something. Evaluated in the subscriber's own task, so a costly filter
/// slows only its own subscription (whose queue then overflows), never the producers.
struct NotificationFilter: Sendable {
    private enum Kind: Sendable {
        case subtree(SubtreeFilter)
        /// With module-name prefixes, as libyang evaluates it.
        case xpath(String)
    }

    private let kind: Kind
    private let context: YangContext

    /// Checks the filter now, so a malformed one fails `<create-subscription>`.
    init(_ filter: RetrievalFilter, context: YangContext) throws(RPCError) {
        self.context = context
        switch filter {
        case .subtree(let subtree):
            kind = .subtree(subtree)
        case .xpath(let expression, let namespaces):
            let translated = try XPathPrefixes.translate(expression, namespaces: namespaces, context: context)
            do {
                _ = try DataTree(context: context).nodes(matching: translated)
            } catch {
                throw RPCError.invalidValue("the XPath filter is not valid: \(error.message)", type: .protocol)
            }
            kind = .xpath(translated)
        }
    }

    func admits(_ event: NotificationEvent) -> Bool {
        switch kind {
        case .subtree(let subtree):
            do {
                return !subtree.apply(to: [try XMLDocumentParser.parse(Array(event.contentXML.utf8))]).isEmpty
            } catch {
                return false  // content that does not parse selects nothing
            }
        case .xpath(let expression):
            do {
                let tree = try DataTree.parseNotification(xml: event.contentXML, context: context, validate: false)
                return !(try tree.nodes(matching: expression)).isEmpty
            } catch {
                return false  // an event of no loaded module, or an expression that fails on it, selects nothing
            }
        }
    }
}
