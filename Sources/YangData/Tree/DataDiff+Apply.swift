internal import CLibYang

extension DataDiff {
    /// A diff as ``printXML(pretty:)`` wrote it, read back (`yang:operation` and the other
    /// `yang:` metadata kept); not validated, like every diff.
    public static func parse(xml: String, context: YangContext) throws(YangError) -> DataDiff {
        var parsed: UnsafeMutablePointer<lyd_node>?
        let options = UInt32(LYD_PARSE_ONLY | LYD_PARSE_NO_STATE)
        let (status, errors) = ErrorCapture.capture(context.handle) {
            lyd_parse_data_mem(context.handle, xml, LYD_XML, options, 0, &parsed)
        }
        let tree = DataTree(context: context, adopting: parsed)
        guard status == LY_SUCCESS else {
            throw errors.first ?? YangError(code: .other, message: "cannot parse a diff (error \(status.rawValue))")
        }
        return DataDiff(tree: tree)
    }

    /// The diff that undoes this one (`lyd_diff_reverse_all`): applied to the tree this diff
    /// produced, it gives the tree the diff started from.
    public func reversed() throws(YangError) -> DataDiff {
        var result: UnsafeMutablePointer<lyd_node>?
        let (status, errors) = tree.capture { lyd_diff_reverse_all(tree.first, &result) }
        let reversed = DataTree(context: tree.context, adopting: result)
        guard status == LY_SUCCESS else {
            throw errors.first ?? YangError(code: .other, message: "cannot reverse a diff (error \(status.rawValue))")
        }
        return DataDiff(tree: reversed)
    }
}

extension DataTree {
    /// Applies `diff` to this tree in place (`lyd_diff_apply_all`): the tree becomes the one
    /// the diff leads to, when it is the tree the diff started from.
    public func apply(_ diff: DataDiff) throws(YangError) {
        try requireSameContext(diff.tree)
        var root = first
        let (status, errors) = capture { lyd_diff_apply_all(&root, diff.tree.first) }
        refreshFirst(from: root)
        guard status == LY_SUCCESS else {
            throw errors.first ?? YangError(code: .other, message: "cannot apply a diff (error \(status.rawValue))")
        }
    }
}
