internal import CLibYang

extension DataTree {
    /// Parses the content of one YANG notification (its top element, e.g.
    /// `<netconf-config-change xmlns=…>`, without the `<notification>` envelope) into a tree
    /// whose root is the notification node (`lyd_parse_op`, `LYD_TYPE_NOTIF_YANG`), for XPath
    /// filters of RFC 5277 subscriptions. Parsed, not validated.
    public static func parseNotification(xml: String, context: YangContext) throws(YangError) -> DataTree {
        var input: OpaquePointer?
        guard ly_in_new_memory(xml, &input) == LY_SUCCESS, let input else {
            throw YangError(code: .other, message: "cannot read the notification")
        }
        defer { ly_in_free(input, 0) }
        var tree: UnsafeMutablePointer<lyd_node>?
        let (status, errors) = ErrorCapture.capture(context.handle) {
            lyd_parse_op(context.handle, nil, input, LYD_XML, LYD_TYPE_NOTIF_YANG, &tree, nil)
        }
        let parsed = DataTree(context: context, adopting: tree)
        guard status == LY_SUCCESS else {
            throw errors.first ?? YangError(code: .other, message: "cannot parse the notification (error \(status.rawValue))")
        }
        return parsed
    }
}
