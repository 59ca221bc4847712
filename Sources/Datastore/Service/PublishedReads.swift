public import AccessControl
public import NetconfModel
import Synchronization
public import YangData

/// Replies to `<get-config>` of running that the datastore has rendered since running last
/// changed, readable from any thread: a session's thread answers a repeated read at once,
/// without a hop to the datastore actor and back.
///
/// Only the actor writes: it empties the table in the same step that replaces running and adds
/// a reply in the same step that renders it from running, so what a reader finds is always
/// of the running configuration the actor holds at that moment.
final class PublishedReads: Sendable {
    struct Entry {
        let mode: WithDefaultsMode
        let filter: SubtreeFilter?
        /// The NACM read view it was rendered for (nil: everything readable).
        let view: ReadView?
        let xml: String
    }

    /// Replies kept (the whole of running or one subtree filter, per with-defaults mode),
    /// the oldest dropped first.
    static let limit = 24
    private let entries = Mutex<[Entry]>([])

    func reply(filter: SubtreeFilter?, mode: WithDefaultsMode, view: ReadView? = nil) -> String? {
        entries.withLock { entries in entries.first { $0.mode == mode && $0.filter == filter && $0.view == view }?.xml }
    }

    func publish(_ xml: String, filter: SubtreeFilter?, mode: WithDefaultsMode, view: ReadView? = nil) {
        let dropped: [Entry] = entries.withLock { entries in
            var dropped: [Entry] = []
            if entries.count >= Self.limit { dropped.append(entries.removeFirst()) }
            entries.append(Entry(mode: mode, filter: filter, view: view, xml: xml))
            return dropped
        }
        _ = dropped  // released outside the lock
    }

    func clear() {
        let dropped = entries.withLock { entries in
            defer { entries.removeAll() }
            return entries
        }
        _ = dropped
    }
}

extension DatastoreService {
    /// `<get-config>` of running answered from the published replies, on the caller's thread;
    /// nil when it is not one of them (the caller then asks the actor).
    /// `rights`: the reader's; a reply rendered for the same read view serves it.
    public nonisolated func publishedRunning(
        filter: RetrievalFilter?, withDefaults: WithDefaultsMode?, rights: UserRights = .unrestricted
    ) -> RPCReplyContent? {
        let subtree: SubtreeFilter?
        switch filter {
        case nil: subtree = nil
        case .subtree(let given)?: subtree = given
        case .xpath?: return nil
        }
        return publishedReads.reply(filter: subtree, mode: withDefaults ?? .explicit, view: rights.readView).map { .data($0) }
    }
}
