public import AccessControl
public import NetconfModel
public import YangData
import XMLSupport

extension DatastoreService {
    /// `<get-config>` (RFC 6241 §7.1).
    ///
    /// The actor only hands out the tree to read (or running's cached rendering); printing,
    /// XPath and subtree filtering run on the cooperative pool, so one session's expensive
    /// filter does not hold the actor while other sessions edit and commit. The trees handed
    /// out are never changed in place (see ``SharedTree``).
    ///
    /// Nodes `rights` may not read are left out (RFC 8341 §3.4.6), before any filter is applied;
    /// running's cached rendering serves only users who may read everything.
    public nonisolated func getConfig(
        _ source: DatastoreName, filter: RetrievalFilter?, withDefaults: WithDefaultsMode?, rights: UserRights = .unrestricted
    ) async -> RPCReplyContent {
        let mode = withDefaults ?? .explicit
        if source == .running, filter.map({ if case .subtree = $0 { true } else { false } }) ?? true {
            return await renderRunning(filter: filter, withDefaults: mode, rights: rights)
        }
        guard let shared = await sharedTree(source) else {
            return .errors([.invalidValue("the startup datastore does not exist", type: .protocol)])
        }
        return await render(shared, filter: filter, withDefaults: mode, rights: rights)
    }

    func sharedTree(_ source: DatastoreName) -> SharedTree? {
        tree(source).map(SharedTree.init(tree:))
    }

    /// Running printed once per commit, mode and NACM read view, then filtered from the cached
    /// values; the replies are kept in ``PublishedReads`` (managers poll the same filters). The
    /// printing and the filtering happen off the actor; what they produce is kept only if
    /// running is still the tree they read.
    @concurrent
    nonisolated func renderRunning(
        filter: RetrievalFilter?, withDefaults mode: WithDefaultsMode, rights: UserRights = .unrestricted
    ) async -> RPCReplyContent {
        var subtree: SubtreeFilter?
        if case .subtree(let given)? = filter { subtree = given }
        let key = RenderingKey(mode: mode, view: rights.readView)
        if let hit = publishedReads.reply(filter: subtree, mode: mode, view: key.view) { return .data(hit) }
        let (cached, shared) = await runningRendering(key)
        let rendering: Rendering
        if let cached {
            rendering = cached
        } else {
            do {
                let xml = try printed(shared.tree, mode, rights: rights)
                rendering = Rendering(xml: xml, elements: try XMLDocumentParser.parse(Array("<data>\(xml)</data>".utf8)).childElements)
            } catch let error as YangError {
                return .errors([error.rpcError(in: context)])
            } catch let error as RPCError {
                return .errors([error])
            } catch {
                return .errors([.operationFailed("\(error)")])
            }
            await keep(rendering, key: key, of: shared)
        }
        guard let subtree else { return .data(rendering.xml) }
        let xml = subtree.apply(to: rendering.elements, listKeys: listKeys).map(XMLWriter.serialize).joined()
        await publish(xml, filter: subtree, key: key, of: shared)
        return .data(xml)
    }

    /// A rendering of running: per with-defaults mode and NACM read view (nil: all of it).
    struct RenderingKey: Hashable, Sendable {
        let mode: WithDefaultsMode
        let view: ReadView?
    }

    private func runningRendering(_ key: RenderingKey) -> (Rendering?, SharedTree) {
        (runningRenderings[key], SharedTree(tree: running))
    }

    /// Keeps a rendering of running made off the actor, unless running changed meanwhile.
    private func keep(_ rendering: Rendering, key: RenderingKey, of shared: SharedTree) {
        guard shared.tree === running, runningRenderings[key] == nil else { return }
        runningRenderings[key] = rendering
        publishedReads.publish(rendering.xml, filter: nil, mode: key.mode, view: key.view)
    }

    private func publish(_ xml: String, filter: SubtreeFilter, key: RenderingKey, of shared: SharedTree) {
        guard shared.tree === running else { return }
        publishedReads.publish(xml, filter: filter, mode: key.mode, view: key.view)
    }

    /// `<get>` (RFC 6241 §7.7): running plus state data. The actor hands out running and its
    /// own state (locks); state sources are read, merged and filtered off the actor.
    public nonisolated func get(
        filter: RetrievalFilter?, withDefaults: WithDefaultsMode?, rights: UserRights = .unrestricted
    ) async -> RPCReplyContent {
        let sources = await operationalSources(for: filter)
        return await renderOperational(sources, filter: filter, withDefaults: withDefaults ?? .explicit, rights: rights)
    }

    @concurrent
    private nonisolated func renderOperational(
        _ sources: OperationalSources, filter: RetrievalFilter?, withDefaults: WithDefaultsMode, rights: UserRights
    ) async -> RPCReplyContent {
        await render(SharedTree(tree: operationalTree(sources)), filter: filter, withDefaults: withDefaults, rights: rights)
    }

    /// `tree` as a reply, filtered, without what `rights` may not read; on the cooperative pool.
    @concurrent
    nonisolated func render(
        _ shared: SharedTree, filter: RetrievalFilter?, withDefaults: WithDefaultsMode, rights: UserRights = .unrestricted
    ) async -> RPCReplyContent {
        let tree = shared.tree
        do {
            switch filter {
            case nil:
                return .data(try printed(tree, withDefaults, rights: rights))
            case .xpath(let expression, let namespaces)?:
                let translated = try XPathPrefixes.translate(expression, namespaces: namespaces, context: context)
                return .data(try printed(try tree.subtree(matching: translated), withDefaults, rights: rights))
            case .subtree(let subtree)?:
                let xml = try printed(tree, withDefaults, rights: rights)
                let data = try XMLDocumentParser.parse(Array("<data>\(xml)</data>".utf8)).childElements
                return .data(subtree.apply(to: data, listKeys: listKeys).map(XMLWriter.serialize).joined())
            }
        } catch let error as YangError {
            return .errors([error.rpcError(in: context)])
        } catch let error as RPCError {
            return .errors([error])
        } catch {
            return .errors([.operationFailed("\(error)")])
        }
    }

    /// A datastore as XML text and as values for subtree filtering.
    struct Rendering: Sendable {
        let xml: String
        let elements: [XMLElement]
    }

    /// Implicit defaults exist only after validation, so a copy is validated for the modes
    /// that show them; a not-yet-valid candidate is printed as it is. What `rights` may not
    /// read is removed after that, so no default of an unreadable node shows either.
    nonisolated func printed(_ tree: DataTree, _ mode: WithDefaultsMode, rights: UserRights = .unrestricted) throws -> String {
        guard mode != .explicit || !rights.readsEverything else { return try tree.printXML(withDefaults: mode) }
        let copy = tree.duplicate()
        // A candidate may be invalid (RFC 7950 §8.3.3): it is printed with what validation added.
        if mode != .explicit { try? copy.validate() }
        try removeUnreadable(from: copy, rights: rights)
        return try copy.printXML(withDefaults: mode)
    }
}

/// Rewrites the XML prefixes of an XPath filter (declared on the request) into the
/// module-name prefixes libyang expects.
public enum XPathPrefixes {
    public static func translate(_ expression: String, namespaces: [String: String], context: YangContext) throws(RPCError) -> String {
        var output = ""
        var token = ""
        var quote: Character?
        func flushToken(beforeColon: Bool) throws(RPCError) {
            if beforeColon {
                guard let uri = namespaces[token] else {
                    throw RPCError.invalidValue("the XPath prefix '\(token)' is not declared", type: .protocol)
                }
                guard let module = context.implementedModules.first(where: { $0.namespace == uri }) else {
                    throw RPCError.invalidValue("no module has the namespace \(uri)", type: .protocol)
                }
                output += module.name
            } else {
                output += token
            }
            token = ""
        }
        for character in expression {
            if let open = quote {
                output.append(character)
                if character == open { quote = nil }
                continue
            }
            if character == "'" || character == "\"" {
                try flushToken(beforeColon: false)
                quote = character
                output.append(character)
            } else if character.isLetter || character.isNumber || character == "_" || character == "-" || character == "." {
                token.append(character)
            } else if character == ":" && !token.isEmpty {
                try flushToken(beforeColon: true)
                output.append(":")
            } else {
                try flushToken(beforeColon: false)
                output.append(character)
            }
        }
        try flushToken(beforeColon: false)
        return output
    }
}

extension DatastoreService {
    /// The key names of list entries, from the schema, for subtree filtering.
    nonisolated var listKeys: SubtreeFilter.ListKeys {
        let context = context
        return { path in context.listKeys(at: path.map { ($0.name, $0.namespace) }) }
    }
}
