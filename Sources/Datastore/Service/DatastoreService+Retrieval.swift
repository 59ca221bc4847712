public import NetconfModel
public import YangData
import XMLSupport

extension DatastoreService {
    /// `<get-config>` (RFC 6241 §7.1) and, with `state` added later, `<get>` (§7.7).
    public func getConfig(
        _ source: DatastoreName, filter: RetrievalFilter?, withDefaults: WithDefaultsMode?
    ) -> RPCReplyContent {
        let mode = withDefaults ?? .explicit
        if source == .running, filter.map({ if case .subtree = $0 { true } else { false } }) ?? true {
            return renderRunning(filter: filter, withDefaults: mode)
        }
        guard let tree = tree(source) else {
            return .errors([.invalidValue("the startup datastore does not exist", type: .protocol)])
        }
        return render(tree, filter: filter, withDefaults: mode)
    }

    /// Running printed once per commit and mode, then filtered from the cached values; the
    /// replies are kept in ``PublishedReads`` (managers poll the same filters).
    func renderRunning(filter: RetrievalFilter?, withDefaults mode: WithDefaultsMode) -> RPCReplyContent {
        let rendering: Rendering
        if let cached = runningRenderings[mode] {
            rendering = cached
        } else {
            do {
                let xml = try printed(running, mode)
                rendering = Rendering(xml: xml, elements: try XMLDocumentParser.parse(Array("<data>\(xml)</data>".utf8)).childElements)
            } catch let error as YangError {
                return .errors([error.rpcError(in: context)])
            } catch {
                return .errors([.operationFailed("\(error)")])
            }
            runningRenderings[mode] = rendering
            publishedReads.publish(rendering.xml, filter: nil, mode: mode)
        }
        guard case .subtree(let subtree)? = filter else { return .data(rendering.xml) }
        if let hit = publishedReads.reply(filter: subtree, mode: mode) { return .data(hit) }
        let xml = subtree.apply(to: rendering.elements, listKeys: listKeys).map(XMLWriter.serialize).joined()
        publishedReads.publish(xml, filter: subtree, mode: mode)
        return .data(xml)
    }

    public func get(filter: RetrievalFilter?, withDefaults: WithDefaultsMode?) async -> RPCReplyContent {
        render(await operationalTree(for: filter), filter: filter, withDefaults: withDefaults ?? .explicit)
    }

    func render(_ tree: DataTree, filter: RetrievalFilter?, withDefaults: WithDefaultsMode) -> RPCReplyContent {
        do {
            switch filter {
            case nil:
                return .data(try printed(tree, withDefaults))
            case .xpath(let expression, let namespaces)?:
                let translated = try XPathPrefixes.translate(expression, namespaces: namespaces, context: context)
                return .data(try printed(try tree.subtree(matching: translated), withDefaults))
            case .subtree(let subtree)?:
                let xml = try printed(tree, withDefaults)
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
    struct Rendering {
        let xml: String
        let elements: [XMLElement]
    }

    /// Implicit defaults exist only after validation, so a copy is validated for the modes
    /// that show them; a not-yet-valid candidate is printed as it is.
    func printed(_ tree: DataTree, _ mode: WithDefaultsMode) throws -> String {
        guard mode != .explicit else { return try tree.printXML(withDefaults: mode) }
        let copy = tree.duplicate()
        try? copy.validate()
        return try copy.printXML(withDefaults: mode)
    }
}

/// Rewrites the XML prefixes of an XPath filter (declared on the request) into the
/// module-name prefixes libyang expects.
enum XPathPrefixes {
    static func translate(_ expression: String, namespaces: [String: String], context: YangContext) throws(RPCError) -> String {
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
