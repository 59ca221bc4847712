internal import CLibYang

/// Turns the opaque nodes libyang made while parsing with `LYD_PARSE_OPAQ` into errors.
///
/// libyang 2.1.30 stops at the first invalid value when parsing strictly. Parsing with
/// `LYD_PARSE_OPAQ` instead keeps every element it cannot store (unknown element or namespace,
/// invalid value, list without keys) as an opaque node; this check then reports each one, so a
/// reply lists every problem. In an edit, an opaque leaf carrying `nc:operation` `delete` or
/// `remove` is legitimate (`<hostname nc:operation="delete"/>`) and is kept.
struct OpaqueNodeCheck {
    let context: YangContext
    let content: DataTree.Content

    func problems(in first: UnsafeMutablePointer<lyd_node>?) -> [YangError] {
        var errors: [YangError] = []
        for node in DataSiblings(first: first) {
            check(node, parentSchema: nil, into: &errors)
        }
        return errors
    }

    private func check(
        _ node: UnsafeMutablePointer<lyd_node>,
        parentSchema: UnsafePointer<lysc_node>?,
        into errors: inout [YangError]
    ) {
        guard let opaque = DataNodeAccess.opaque(node) else {
            for child in DataNodeAccess.children(node) {
                check(child, parentSchema: node.pointee.schema, into: &errors)
            }
            return
        }
        let name = LibYang.string(opaque.pointee.name.name) ?? ""
        let namespace = LibYang.string(opaque.pointee.name.module_ns) ?? ""
        let path = DataNodeAccess.path(node)
        let entries = DataPathSteps(path).entryLabels
        guard let module = ly_ctx_get_module_implemented_ns(context.handle, namespace) else {
            errors.append(YangError(
                code: .unknownNamespace,
                message: NodeErrorDescriber.text(
                    name: name, problem: "namespace \"\(namespace)\" belongs to no module this server implements",
                    entries: entries),
                path: path, element: name))
            return
        }
        guard let schema = lys_find_child(parentSchema, module, name, 0, 0, 0) else {
            let moduleName = LibYang.string(module.pointee.name) ?? ""
            let place = parentSchema.flatMap { LibYang.string($0.pointee.name) }.map { "an element of \($0)" } ?? "a top-level element"
            errors.append(YangError(
                code: .unknownElement,
                message: NodeErrorDescriber.text(name: name, problem: "not \(place) in module \(moduleName)", entries: entries),
                path: path, element: name))
            return
        }
        if content != .data, schema.pointee.flags & UInt16(LYS_CONFIG_R) != 0 {
            errors.append(YangError(
                code: .unexpectedStateData,
                message: NodeErrorDescriber.text(name: name, problem: "state data, not allowed in configuration", entries: entries),
                path: path, element: name))
            return
        }
        let nodetype = Int32(schema.pointee.nodetype)
        if nodetype & Int32(LYS_LEAF | LYS_LEAFLIST) != 0 {
            if content == .edit, let operation = DataNodeAccess.editOperation(node), operation == "delete" || operation == "remove" {
                return
            }
            if let error = invalidValue(opaque, schema: schema, path: path) {
                errors.append(error)
            }
            return
        }
        let before = errors.count
        if let missingKey = missingKey(node, schema: schema, name: name, path: path) {
            errors.append(missingKey)
        }
        for child in DataNodeAccess.children(node) {
            check(child, parentSchema: schema, into: &errors)
        }
        let parentIsOpaque = lyd_parent(node).map { $0.pointee.schema == nil } ?? false
        if errors.count == before, !parentIsOpaque {
            errors.append(YangError(
                code: .invalidValue,
                message: NodeErrorDescriber.text(name: name, problem: "cannot be read as its schema node", entries: entries),
                path: path, element: name))
        }
    }

    /// The error for an opaque leaf, or `nil` when its value is valid (a leaf is also opaque
    /// when an ancestor is, for example a list entry without its key).
    private func invalidValue(
        _ opaque: UnsafeMutablePointer<lyd_node_opaq>, schema: UnsafePointer<lysc_node>, path: String
    ) -> YangError? {
        let value = LibYang.string(opaque.pointee.value) ?? ""
        let (status, errors) = ErrorCapture.capture(context.handle) {
            lyd_value_validate(context.handle, schema, value, value.utf8.count, nil, nil, nil)
        }
        if status == LY_SUCCESS || status == LY_EINCOMPLETE { return nil }
        var error = errors.first ?? YangError(code: .invalidValue, message: "invalid value \"\(value)\"")
        error.code = .invalidValue
        error.path = path
        error.element = LibYang.string(schema.pointee.name)
        error.message = NodeErrorDescriber()
            .message(for: error, subject: .init(schema: SchemaFacts(schema), value: value))
        return error
    }

    private func missingKey(
        _ node: UnsafeMutablePointer<lyd_node>, schema: UnsafePointer<lysc_node>, name: String, path: String
    ) -> YangError? {
        guard Int32(schema.pointee.nodetype) == Int32(LYS_LIST) else { return nil }
        let present = Set(DataNodeAccess.children(node).compactMap { child in
            DataNodeAccess.opaque(child).flatMap { LibYang.string($0.pointee.name.name) }
                ?? child.pointee.schema.flatMap { LibYang.string($0.pointee.name) }
        })
        var key = lysc_node_child(schema)
        while let current = key, current.pointee.flags & UInt16(LYS_KEY) != 0 {
            let keyName = LibYang.string(current.pointee.name) ?? ""
            if !present.contains(keyName) {
                var error = YangError(
                    code: .missingElement,
                    message: "List instance of \"\(name)\" is missing its key \"\(keyName)\".",
                    path: path, element: keyName)
                error.message = NodeErrorDescriber()
                    .message(for: error, subject: .init(schema: SchemaFacts(current)))
                return error
            }
            key = UnsafePointer(current.pointee.next)
        }
        return nil
    }
}
