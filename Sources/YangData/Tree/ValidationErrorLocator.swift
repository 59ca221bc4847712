internal import CLibYang

/// Completes libyang 2.1.30 validation errors with what a NETCONF reply needs.
///
/// - A missing mandatory node or choice comes with only a schema location
///   (`/ietf-system:system/ntp/server/transport`). The locator finds the first data instance
///   of the parent that lacks it and uses that instance's path (RFC 7950 §15.6: the error-path
///   is the element missing the choice); `element` is the missing node's name.
/// - A `must` with its own `error-message` and `error-app-tag` is indistinguishable by text;
///   an otherwise unclassified error on a node that has `must` statements is a must violation.
/// - The message names the node and its list entries (`NodeErrorDescriber`). Too few elements
///   and data for two cases of a choice also come with a schema location only: the entry is
///   found for the message, but the error keeps no error-path.
struct ValidationErrorLocator {
    let tree: DataTree

    func complete(_ error: YangError) -> YangError {
        var error = error
        var subject: NodeErrorDescriber.Subject?
        if error.path == nil, let schemaPath = error.schemaPath {
            switch error.code {
            case .missingElement, .tooFewElements: subject = locateMissing(&error, schemaPath: schemaPath)
            case .duplicateInstance: subject = locateBothCases(&error, schemaPath: schemaPath)
            default: break
            }
        }
        let node = error.path.flatMap { tree.find($0) }
        if error.code == .invalidValue, let schema = node?.pointee.schema,
            LibYang.arrayCount(UnsafeRawPointer(lysc_node_musts(schema))) > 0
        {
            error.code = .mustViolation
        }
        error.message = NodeErrorDescriber().message(for: error, subject: subject ?? .init(node: node))
        return error
    }

    /// A missing mandatory node or choice (sets the error-path, as described above), or too
    /// few elements (which keeps no error-path). For the message, the entry lacking the node
    /// is also found when libyang's schema location names choices and cases
    /// (`/ietf-system:system/ntp/server/transport/udp/udp/address`), which no data path has:
    /// such an error keeps no error-path, as before, but its message names the entry.
    private func locateMissing(_ error: inout YangError, schemaPath: String) -> NodeErrorDescriber.Subject {
        let (parentPath, child) = Self.splitLast(schemaPath)
        error.element = child.name
        if error.code == .missingElement, let instance = firstInstance(of: parentPath, missing: child) {
            error.path = DataNodeAccess.path(instance)
        }
        let missing = SchemaFacts.find(schemaPath: schemaPath, context: tree.context.handle)
        let wanted = error.code == .missingElement ? 1 : Int(missing?.elementCounts?.min ?? 1)
        let entry = error.path.flatMap { tree.find($0) } ?? missing.flatMap { missing in
            missing.dataParent?.dataPath.flatMap { firstInstance(of: $0, withFewerThan: wanted, of: missing) }
        }
        return .init(schema: missing, entryPath: entry.map { DataNodeAccess.path($0) })
    }

    /// Data for two cases of one choice, which libyang reports by the choice's schema location
    /// only: the error keeps no error-path, as before; the message names the entry.
    private func locateBothCases(_ error: inout YangError, schemaPath: String) -> NodeErrorDescriber.Subject? {
        guard let choice = SchemaFacts.find(schemaPath: schemaPath, context: tree.context.handle), choice.kind == "choice" else {
            return nil
        }
        error.element = choice.name
        let instance = choice.dataParent?.dataPath.flatMap { parent in
            (try? tree.select(parent))?.first { NodeErrorDescriber.caseNames(of: choice, in: $0).count > 1 }
        }
        return .init(node: instance, schema: choice, entryPath: instance.map { DataNodeAccess.path($0) })
    }

    /// Splits `/a:b/c/m:d` into `/a:b/c` and (`m`, `d`); the module is `nil` without a prefix.
    static func splitLast(_ schemaPath: String) -> (parent: String, child: (module: String?, name: String)) {
        guard let slash = schemaPath.lastIndex(of: "/") else { return ("", (nil, schemaPath)) }
        let parent = String(schemaPath[..<slash])
        let last = schemaPath[schemaPath.index(after: slash)...]
        if let colon = last.firstIndex(of: ":") {
            return (parent, (String(last[..<colon]), String(last[last.index(after: colon)...])))
        }
        return (parent, (nil, String(last)))
    }

    /// The first instance of the node at `parentDataPath` with fewer than `count` data nodes of
    /// `missing` (or, for a choice, of its cases).
    private func firstInstance(
        of parentDataPath: String, withFewerThan count: Int, of missing: SchemaFacts
    ) -> UnsafeMutablePointer<lyd_node>? {
        guard let instances = try? tree.select(parentDataPath) else { return nil }
        return instances.first { instance in
            DataNodeAccess.children(instance).filter { Self.descends($0.pointee.schema, from: missing.node) }.count < count
        }
    }

    private func firstInstance(
        of parentPath: String, missing child: (module: String?, name: String)
    ) -> UnsafeMutablePointer<lyd_node>? {
        guard !parentPath.isEmpty, let instances = try? tree.select(parentPath) else { return nil }
        return instances.first { instance in
            guard let parentSchema = instance.pointee.schema else { return false }
            let module = child.module.flatMap { ly_ctx_get_module_implemented(tree.context.handle, $0) }
                ?? parentSchema.pointee.module
            guard let childSchema = lys_find_child(
                parentSchema, module, child.name, 0, 0, UInt32(LYS_GETNEXT_WITHCHOICE))
            else { return false }
            return !DataNodeAccess.children(instance).contains { Self.descends($0.pointee.schema, from: childSchema) }
        }
    }

    /// Whether `schema` is `ancestor` or lies below it (a node of a case of a choice).
    private static func descends(_ schema: UnsafePointer<lysc_node>?, from ancestor: UnsafePointer<lysc_node>) -> Bool {
        var current = schema
        while let node = current {
            if node == ancestor { return true }
            current = UnsafePointer(node.pointee.parent)
        }
        return false
    }
}
