internal import CLibYang

/// Completes libyang 2.1.30 validation errors with what a NETCONF reply needs.
///
/// - A missing mandatory node or choice comes with only a schema location
///   (`/ietf-system:system/ntp/server/transport`). The locator finds the first data instance
///   of the parent that lacks it and uses that instance's path (RFC 7950 §15.6: the error-path
///   is the element missing the choice); `element` is the missing node's name.
/// - A `must` with its own `error-message` and `error-app-tag` is indistinguishable by text;
///   an otherwise unclassified error on a node that has `must` statements is a must violation.
struct ValidationErrorLocator {
    let tree: DataTree

    func complete(_ error: YangError) -> YangError {
        var error = error
        if error.path == nil, error.code == .missingElement, let schemaPath = error.schemaPath {
            let (parentPath, child) = Self.splitLast(schemaPath)
            error.element = child.name
            if let instance = firstInstance(of: parentPath, missing: child) {
                error.path = DataNodeAccess.path(instance)
            }
        }
        if error.code == .invalidValue, let path = error.path, let node = tree.find(path),
            let schema = node.pointee.schema, LibYang.arrayCount(UnsafeRawPointer(lysc_node_musts(schema))) > 0
        {
            error.code = .mustViolation
        }
        return error
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
