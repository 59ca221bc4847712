internal import CLibYang

extension DataTree {
    /// What an XML document is expected to hold.
    public enum Content: Sendable, Hashable {
        /// Configuration only (a datastore, `<copy-config>` inline `<config>`, a file for
        /// `meridiand validate`). Not validated: a candidate may hold not-yet-valid data.
        case config
        /// The content of an `<edit-config>` `<config>`: configuration with `nc:operation`
        /// (and `yang:insert`/`key`/`value`) attributes, kept as metadata. A leaf whose value
        /// is empty or invalid is accepted only with operation `delete` or `remove`, and stays
        /// an opaque node (`DataNode.Kind.opaque`).
        case edit
        /// Configuration and state (operational data).
        case data
    }

    /// Parses XML top-level elements (no `<config>` or `<data>` wrapper) into a tree.
    ///
    /// Parsing never requires validity (`LYD_PARSE_ONLY`): types are checked, references,
    /// `must`, `when` and mandatory nodes are left to `validate()`. Every invalid value,
    /// unknown element and unknown namespace is reported, not only the first.
    public static func parse(xml: String, context: YangContext, as content: Content = .config) throws(YangErrors) -> DataTree {
        let (tree, problems) = try parseKeepingProblems(xml: xml, context: context, as: content)
        guard problems.isEmpty else { throw YangErrors(problems) }
        return tree
    }

    /// Like `parse`, but returns the tree together with the per-node problems instead of
    /// throwing for them: each problem node stays in the tree as an opaque node. Throws
    /// only when libyang cannot read the document at all. For error-option
    /// continue-on-error, where the valid rest of an edit still applies.
    public static func parseKeepingProblems(
        xml: String, context: YangContext, as content: Content = .config
    ) throws(YangErrors) -> (DataTree, [YangError]) {
        var options = UInt32(LYD_PARSE_ONLY | LYD_PARSE_OPAQ)
        if content != .data { options |= UInt32(LYD_PARSE_NO_STATE) }
        var parsed: UnsafeMutablePointer<lyd_node>?
        let (status, errors) = ErrorCapture.capture(context.handle) {
            lyd_parse_data_mem(context.handle, xml, LYD_XML, options, 0, &parsed)
        }
        let tree = DataTree(context: context, adopting: parsed)
        guard status == LY_SUCCESS else {
            let describer = NodeErrorDescriber()
            let named = errors.map { error in
                var error = error
                error.message = describer.message(for: error, subject: .init(node: error.path.flatMap { tree.find($0) }))
                return error
            }
            throw YangErrors(errors.isEmpty ? [YangError(code: .other, message: "cannot parse data (error \(status.rawValue))")] : named)
        }
        return (tree, OpaqueNodeCheck(context: context, content: content).problems(in: tree.first))
    }
}
