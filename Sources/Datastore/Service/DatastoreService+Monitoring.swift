import Glibc
public import NetconfModel
import XMLSupport
import YangData

extension DatastoreService {
    /// The capabilities the server announces, for `/netconf-state/capabilities`.
    public func setAdvertisedCapabilities(_ capabilities: [String]) { monitoring.advertisedCapabilities = capabilities }

    /// Adds a contributor of operational data to `<get>`.
    public func addStateSource(_ source: any StateSource) { monitoring.stateSources.append(source) }

    /// This layer's part of `/netconf-state`; sessions and statistics come from the server.
    func monitoringXML() -> String {
        var held: [DatastoreName: (session: UInt32, since: String)] = [:]
        for name in DatastoreName.allCases {
            if let holder = locks.holder(of: name) { held[name] = (holder.rawValue, monitoring.lockTimes[name] ?? UTCTimestamp.now()) }
        }
        return "<netconf-state xmlns=\"\(MonitoringXML.namespace)\">"
            + MonitoringXML.capabilities(monitoring.advertisedCapabilities)
            + MonitoringXML.datastores(held)
            + MonitoringXML.schemas(context.modules)
            + "</netconf-state>"
    }

    /// What a `<get>` reads besides running's tree: this actor's own state (locks), taken
    /// here, and the state sources and YANG library its filter can select, read off the actor.
    struct OperationalSources: Sendable {
        let running: SharedTree
        /// This actor's own state (`/netconf-state` locks, `/commits`) as XML, taken on it.
        let actorState: [String]
        let sources: [any StateSource]
        let library: Bool
    }

    /// Running configuration plus the state data a `<get>` can select: with a subtree
    /// filter, only the sources whose top-level elements the filter names are read.
    func operationalSources(for filter: RetrievalFilter?) -> OperationalSources {
        var roots: [(name: String, namespace: String?)]?
        if case .subtree(let subtree)? = filter {
            roots = subtree.roots.map { ($0.name, ($0.namespace?.isEmpty ?? true) ? nil : $0.namespace) }
        }
        func wanted(_ elements: [(name: String, namespace: String)]) -> Bool { filterSelects(roots, elements) }
        let library = "urn:ietf:params:xml:ns:yang:ietf-yang-library"
        var fragments: [String] = []
        if wanted([("netconf-state", MonitoringXML.namespace)]) { fragments.append(monitoringXML()) }
        if wanted([("commits", CommitStateXML.namespace)]), context.module(named: CommitStateXML.module) != nil {
            fragments.append(commitStateXML())
        }
        return OperationalSources(
            running: SharedTree(tree: running),
            actorState: fragments,
            sources: monitoring.stateSources.filter { wanted($0.topLevelElements) },
            library: wanted([("yang-library", library), ("modules-state", library)]))
    }

    /// The tree a `<get>` reads: a copy of running with the state merged in; off the actor.
    nonisolated func operationalTree(_ sources: OperationalSources) async -> DataTree {
        let tree = sources.running.tree.duplicate()
        var fragments = sources.actorState
        for source in sources.sources {
            fragments.append(await source.stateXML())
        }
        for fragment in fragments where !fragment.isEmpty {
            do {
                try tree.merge(from: DataTree.parse(xml: fragment, context: context, as: .data))
            } catch {
                // A state source rendered XML its YANG does not allow: a bug of ours. The
                // read goes on without that source (the rest of the state is still right).
                stateMergeFailed("state data", error)
            }
        }
        if sources.library {
            do {
                try tree.merge(from: context.yangLibraryData())
            } catch {
                stateMergeFailed("yang-library data", error)
            }
        }
        return tree
    }

    private nonisolated func stateMergeFailed(_ what: String, _ error: any Error) {
        logger.error("state left out of a <get>: it does not fit the YANG modules", metadata: [
            "what": "\(what)", "reason": "\(error)",
        ])
    }

    /// meridian-commits `/commits`: the pending confirmed commit, the last rollback and the
    /// commit history.
    func commitStateXML() -> String {
        var pending: CommitStateXML.Pending?
        if let current = confirmed.pending {
            let left = ContinuousClock.now.duration(to: current.deadline).components.seconds
            let session: UInt32? = if case .session(let id) = current.owner { id.rawValue } else { nil }
            pending = CommitStateXML.Pending(timeout: UTCTimestamp.format(secondsSinceEpoch: Int(time(nil)) + Int(max(left, 0))),
                                             session: session)
        }
        return CommitStateXML.render(
            waiting: commitsWaitingForLane, pending: pending, lastRollback: lastRollback, history: commitHistory.history.records)
    }

    /// `<get-schema>` (RFC 6022 §3.1): the YANG text of an advertised module, implemented or
    /// import-only (a client that downloads the schemas must be able to compile each).
    public func getSchema(identifier: String, version: String?, format: String?) -> RPCReplyContent {
        if let format, format != "yang", !format.hasSuffix(":yang") {
            return .errors([.invalidValue("only the yang format is available", type: .application)])
        }
        let candidates = context.modules.filter { $0.name == identifier && (version == nil || version == "" || $0.revision == version) }
        guard let module = candidates.first else {
            return .errors([.invalidValue("no schema '\(identifier)'\(version.map { " revision \($0)" } ?? "")", type: .application)])
        }
        guard candidates.count == 1 else {
            return .errors([.operationFailed("several revisions of '\(identifier)'; give <version>", appTag: "data-not-unique")])
        }
        do {
            let text = try context.schemaText(module: module.name, revision: module.revision)
            return .output("<data xmlns=\"\(MonitoringXML.namespace)\">\(XMLWriter.escapeText(text))</data>")
        } catch {
            return .errors([error.rpcError(in: context)])
        }
    }
}
