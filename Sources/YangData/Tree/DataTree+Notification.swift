internal import CLibYang

extension DataTree {
    /// Parses the content of one YANG notification (the element named after the notification,
    /// in its module's namespace, without the NETCONF `<notification>` envelope and its
    /// `eventTime`) into a tree whose root is the notification (`lyd_parse_op` with
    /// `LYD_TYPE_NOTIF_YANG`). With `validate`, it is then checked against the notification's
    /// schema: unknown elements, types, mandatory nodes, `must` and `when` (`lyd_validate_op`;
    /// references outside the notification are not resolved, as no datastore is given).
    /// Without, it is only parsed (an RFC 5277 XPath filter reads an event the server made).
    public static func parseNotification(xml: String, context: YangContext, validate: Bool = true) throws(YangErrors) -> DataTree {
        var input: OpaquePointer?
        guard ly_in_new_memory(xml, &input) == LY_SUCCESS, let input else {
            throw YangErrors([YangError(code: .other, message: "cannot read the notification (out of memory)")])
        }
        defer { ly_in_free(input, 0) }
        var parsed: UnsafeMutablePointer<lyd_node>?
        var notification: UnsafeMutablePointer<lyd_node>?
        let (status, errors) = ErrorCapture.capture(context.handle) {
            lyd_parse_op(context.handle, nil, input, LYD_XML, LYD_TYPE_NOTIF_YANG, &parsed, &notification)
        }
        let tree = DataTree(context: context, adopting: parsed ?? notification)
        guard status == LY_SUCCESS, let notification else {
            throw YangErrors(errors.isEmpty ? [YangError(code: .other, message: "cannot parse the notification (error \(status.rawValue))")] : errors)
        }
        guard validate else { return tree }
        let (validated, validationErrors) = ErrorCapture.capture(context.handle) {
            lyd_validate_op(notification, nil, LYD_TYPE_NOTIF_YANG, nil)
        }
        guard validated == LY_SUCCESS else {
            throw YangErrors(validationErrors.isEmpty
                ? [YangError(code: .other, message: "invalid notification (error \(validated.rawValue))")] : validationErrors)
        }
        return tree
    }
}
